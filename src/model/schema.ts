/**
 * The ratsdeck data model: the single source of truth for the TypeScript types, the
 * validation and the published JSON Schema (schema/ratsdeck.schema.json).
 *
 * Names follow OParl (schema.oparl.org) where the concept is the same: Body, Organization
 * (committees), Paper (reference, paperType, relatedPaper), Consultation (role, authoritative),
 * AgendaItem (number, public), Meeting (start, location). Descriptions are German because the
 * people who read them in their editor write German council papers.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Primitives

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

export const IsoDate = z
  .string({ error: 'expected a date written as YYYY-MM-DD' })
  // abort: a text that is not YYYY-MM-DD at all is not also an "impossible date".
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date written as YYYY-MM-DD', abort: true })
  .refine(isRealDate, { error: (iss) => `impossible date ${JSON.stringify(iss.input)}` })
  .describe('Datum im Format JJJJ-MM-TT, z. B. 2021-05-20');

export const Time = z
  .string({ error: 'expected a time written as HH:MM' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time written as HH:MM (24 hours)' })
  .describe('Uhrzeit im Format HH:MM, z. B. 17:00');

export const Id = z
  .string({ error: 'expected an id (letters, digits, "-" and "_")' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, {
    error: 'expected an id made of letters, digits, "-" and "_", starting with a letter or digit',
  })
  .describe('Kennung: Buchstaben, Ziffern, "-" und "_"');

const Markdown = z.string().describe('Text in Markdown (HTML wird nicht übernommen)');
const Text = z.string();
const PublicFlag = z
  .boolean()
  .optional()
  .describe('false = nichtöffentlich: erscheint nur in nichtöffentlichen Ausgaben. Fehlt es, ist der Eintrag öffentlich.');
const Illustrative = z
  .boolean()
  .optional()
  .describe('true = Beispieldaten (nicht aus einer Vorlage belegt); wird auf der Folie gekennzeichnet');

const Url = z
  .string()
  .refine((s) => /^(https?:\/\/|mailto:)/i.test(s), {
    error: 'expected a link starting with https://, http:// or mailto:',
  })
  .describe('Link (https://, http:// oder mailto:)');

const Money = z.number().finite().describe('Betrag in Euro');
const Percent = z.number().min(0).max(100).describe('Prozent (0–100)');

export const Image = z
  .strictObject({
    src: z.string().min(1).describe('Pfad zur Bilddatei, relativ zu der Datei, in der er steht'),
    alt: z
      .string({
        error: (iss) =>
          iss.input === undefined
            ? 'an image needs alt text (write alt: "" for a purely decorative image)'
            : 'expected alt text as a string',
      })
      .describe('Alternativtext; "" kennzeichnet ein rein dekoratives Bild'),
    caption: z.string().optional().describe('Bildunterschrift'),
  })
  .describe('Bild mit Alternativtext');

// ---------------------------------------------------------------------------------------------
// Project: the body (city) and its committees (OParl Body, Organization)

export const Committee = z
  .strictObject({
    id: Id,
    name: Text.describe('Name des Gremiums, z. B. Haupt- und Finanzausschuss'),
    shortName: Text.optional().describe('Kurzname, z. B. HFA'),
    classification: z
      .enum(['Parlament', 'Ausschuss', 'Kommission', 'Beirat', 'Sonstiges'])
      .optional()
      .describe('Art des Gremiums (OParl classification)'),
  })
  .describe('Gremium (OParl Organization)');

export const Body = z
  .strictObject({
    name: Text.describe('Name der Gebietskörperschaft, z. B. Stadt Koblenz'),
    shortName: Text.optional().describe('Kurzname, z. B. Koblenz'),
    logo: Image.optional().describe('Wappen oder Logo'),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, { error: 'expected a colour written as #RRGGBB' })
      .optional()
      .describe('Hausfarbe als #RRGGBB'),
    website: Url.optional(),
  })
  .describe('Die Stadt oder Körperschaft (OParl Body)');

// ---------------------------------------------------------------------------------------------
// Session (Sitzung) and paper (Vorlage)

export const Votes = z
  .strictObject({
    yes: z.number().int().min(0).optional().describe('Ja-Stimmen'),
    no: z.number().int().min(0).optional().describe('Nein-Stimmen'),
    abstentions: z.number().int().min(0).optional().describe('Enthaltungen'),
    biased: z.number().int().min(0).optional().describe('Befangen'),
  })
  .describe('Abstimmungsergebnis');

export const RESULTS = [
  'einstimmig beschlossen',
  'mehrheitlich beschlossen',
  'abgelehnt',
  'zur Kenntnis genommen',
  'verwiesen',
  'vertagt',
  'abgesetzt',
  'geändert beschlossen',
  'ohne Beschlussempfehlung',
] as const;

const ResultText = z
  .string()
  .describe(`Ergebnis als Text, z. B. ${RESULTS.map((r) => `"${r}"`).join(', ')}`);

export const Session = z
  .strictObject({
    committee: Id.describe('Kennung des Gremiums aus ratsdeck.yaml (committees)'),
    name: Text.optional().describe('Bezeichnung der Sitzung, z. B. 12. Sitzung des HFA'),
    date: IsoDate,
    time: Time.optional(),
    location: Text.optional().describe('Sitzungsort'),
    agendaItem: Text.optional().describe('Tagesordnungspunkt (TOP), z. B. "Ö 5" oder "N 2"'),
    public: PublicFlag,
    result: ResultText.optional(),
    votes: Votes.optional(),
  })
  .describe('Die Sitzung, für die der Foliensatz gedacht ist (OParl Meeting und AgendaItem)');

export const Consultation = z
  .strictObject({
    committee: Id.describe('Kennung des Gremiums'),
    date: IsoDate.optional(),
    agendaItem: Text.optional().describe('TOP, z. B. "Ö 5"'),
    public: PublicFlag,
    role: z
      .enum(['Vorberatung', 'Entscheidung', 'Kenntnisnahme'])
      .optional()
      .describe('Rolle des Gremiums in der Beratungsfolge'),
    result: ResultText.optional(),
    votes: Votes.optional(),
  })
  .describe('Eine Station des Gremienwegs (OParl Consultation)');

export const RelatedPaper = z.strictObject({
  reference: Text.describe('Vorlagennummer, z. B. AT/0029/2021'),
  paperType: Text.optional().describe('Art, z. B. Antrag'),
  subject: Text.optional().describe('Betreff'),
  date: IsoDate.optional(),
});

export const PAPER_PREFIXES = ['ST', 'AT', 'BV', 'UV', 'AF', 'IV', 'MV', 'AN'] as const;

export const Paper = z
  .strictObject({
    reference: z
      .string()
      .regex(/^[A-Z]{1,4}\/\d{1,5}\/\d{4}$/, {
        error: 'expected a paper reference like ST/0027/2021',
      })
      .describe('Vorlagennummer, z. B. ST/0027/2021'),
    paperType: Text.optional().describe('Art der Vorlage, z. B. Stellungnahme, Beschlussvorlage'),
    relatedPaper: z.array(RelatedPaper).optional().describe('Bezugsvorlagen, z. B. der Antrag'),
    date: IsoDate.optional(),
    department: Text.optional().describe('Dezernat'),
    author: Text.optional().describe('Verfasser (federführendes Amt)'),
    fileReference: Text.optional().describe('Aktenzeichen (Az.)'),
    subject: Text.describe('Betreff'),
    decisionProposal: z
      .strictObject({
        kind: z
          .enum(['Beschlussvorschlag', 'Beschlussempfehlung'])
          .optional()
          .describe('Beschlussvorschlag oder Beschlussempfehlung'),
        text: Markdown.describe('Wortlaut; wird unverändert übernommen'),
      })
      .optional(),
    financialImpact: Markdown.optional().describe('Finanzielle Auswirkungen'),
    consultations: z.array(Consultation).optional().describe('Gremienweg / Beratungsfolge'),
  })
  .describe('Die Vorlage (OParl Paper)');

export const Presenter = z.strictObject({
  name: Text.describe('Name'),
  role: Text.optional().describe('Funktion, z. B. Amtsleitung'),
  organization: Text.optional().describe('Amt oder Dezernat'),
});

// ---------------------------------------------------------------------------------------------
// Activities

export const CATEGORIES = [
  'administration',
  'smart-city',
  'location',
  'network',
  'project',
  'study',
  'infrastructure',
  'other',
] as const;
export const Category = z
  .enum(CATEGORIES)
  .describe(
    'Kategorie: administration (Verwaltungsdigitalisierung/OZG), smart-city, location (Digitalstandort), network, project, study, infrastructure, other',
  );

export const PHASES = ['idea', 'planning', 'implementation', 'operation', 'completed', 'paused'] as const;
export const Phase = z
  .enum(PHASES)
  .describe('Phase: idea, planning, implementation, operation, completed, paused');

export const LIGHTS = ['green', 'yellow', 'red', 'grey'] as const;
export const Light = z.enum(LIGHTS).describe('Ampel: green, yellow, red, grey (nicht bewertet)');

export const Status = z
  .strictObject({
    light: Light,
    label: Text.optional().describe('Text zur Ampel, z. B. "im Plan"; die Farbe allein trägt nie die Bedeutung'),
  })
  .describe('Status als Ampel mit Text');

export const Milestone = z.strictObject({
  title: Text,
  due: IsoDate.describe('Termin'),
  done: z.boolean().optional().describe('erreicht'),
  public: PublicFlag,
  illustrative: Illustrative,
});

export const Funding = z.strictObject({
  programme: Text.describe('Förderprogramm'),
  rate: Percent.optional().describe('Förderquote in Prozent'),
  amount: Money.optional().describe('Fördersumme in Euro'),
});

export const Budget = z
  .strictObject({
    plan: Money.optional().describe('Planansatz in Euro'),
    actual: Money.optional().describe('Ist in Euro'),
    year: z.number().int().min(1990).max(2100).optional().describe('Haushaltsjahr'),
    funding: z.array(Funding).optional(),
    illustrative: Illustrative,
  })
  .describe('Haushalt: Plan und Ist');

export const Kpi = z.strictObject({
  name: Text,
  value: z.number().finite(),
  unit: Text.optional().describe('Einheit, z. B. "%", "Dienste"'),
  target: z.number().finite().optional().describe('Zielwert'),
  asOf: IsoDate.optional().describe('Stand'),
  public: PublicFlag,
  illustrative: Illustrative,
});

export const Ozg = z
  .strictObject({
    leikaKey: z
      .string({ error: 'expected the LeiKa key as a quoted string of 14 digits' })
      .regex(/^\d{14}$/, { error: 'expected a LeiKa key of exactly 14 digits' })
      .optional()
      .describe('LeiKa-Schlüssel (14 Ziffern, in Anführungszeichen)'),
    maturity: z
      .strictObject({
        model: z.enum(['1.1', '2.0'], { error: 'expected maturity model "1.1" or "2.0" (quoted)' }).describe('Reifegradmodell "1.1" (0–4) oder "2.0" (0–7)'),
        level: z.number().int().min(0).max(7).describe('Reifegrad'),
      })
      .superRefine((m, ctx) => {
        if (m.model === '1.1' && m.level > 4) {
          ctx.addIssue({
            code: 'custom',
            path: ['level'],
            message: `maturity level ${m.level} does not exist in model 1.1 (levels 0–4)`,
            input: m.level,
          });
        }
      })
      .optional(),
    efa: z.boolean().optional().describe('Einer-für-Alle-Leistung'),
  })
  .describe('OZG-Angaben');

export const Link = z.strictObject({ title: Text, url: Url });

export const Activity = z
  .strictObject({
    id: Id,
    title: Text,
    category: Category,
    description: Markdown.optional(),
    responsible: Text.optional().describe('Federführendes Amt'),
    partners: z.array(Text).optional(),
    phase: Phase.optional(),
    status: Status.optional(),
    progress: Percent.optional().describe('Fortschritt in Prozent'),
    start: IsoDate.optional(),
    end: IsoDate.optional(),
    milestones: z.array(Milestone).optional(),
    budget: Budget.optional(),
    kpis: z.array(Kpi).optional(),
    ozg: Ozg.optional(),
    risks: z.array(Markdown).optional(),
    nextSteps: z.array(Markdown).optional(),
    links: z.array(Link).optional(),
    image: Image.optional(),
    public: PublicFlag,
    illustrative: Illustrative,
  })
  .superRefine((a, ctx) => {
    if (a.start && a.end && a.end < a.start) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: `end ${a.end} is before start ${a.start}`, input: a.end });
    }
  })
  .describe('Eine Digitalisierungsaktivität');

// ---------------------------------------------------------------------------------------------
// Networks and the IT-Beirat

export const Network = z
  .strictObject({
    id: Id,
    name: Text,
    kind: Text.optional().describe('Art, z. B. Verein, Initiative, Netzwerk'),
    role: Text.optional().describe('Rolle der Stadt, z. B. Mitglied, Gründungsmitglied'),
    since: z.number().int().min(1900).max(2100).optional().describe('seit (Jahr)'),
    description: Markdown.optional(),
    url: Url.optional(),
    public: PublicFlag,
    illustrative: Illustrative,
  })
  .describe('Netzwerk, in dem die Stadt mitarbeitet');

export const Member = z
  .strictObject({
    id: Id.optional(),
    name: Text.optional().describe('Name; erscheint nur mit Einwilligung (consent: true)'),
    affiliation: Text.describe('Institution, z. B. Universität Koblenz'),
    role: Text.optional().describe('Rolle im Beirat, z. B. Vorsitz'),
    since: z.number().int().min(1900).max(2100).optional(),
    consent: z.boolean().optional().describe('Einwilligung zur Veröffentlichung des Namens'),
    public: PublicFlag,
    illustrative: Illustrative,
  })
  .describe('Mitglied des IT-Beirats');

export const Meeting = z.strictObject({
  date: IsoDate,
  topics: z.array(Text).optional(),
  public: PublicFlag,
  illustrative: Illustrative,
});

export const RECOMMENDATION_STATUSES = [
  'open',
  'under-review',
  'in-progress',
  'implemented',
  'declined',
  'deferred',
] as const;

export const Recommendation = z
  .strictObject({
    id: Id,
    date: IsoDate,
    title: Text,
    text: Markdown.optional(),
    activities: z.array(Id).optional().describe('Kennungen der betroffenen Aktivitäten'),
    status: z.enum(RECOMMENDATION_STATUSES).describe('Umsetzungsstand'),
    response: Markdown.optional().describe('Stellungnahme der Verwaltung'),
    statusDate: IsoDate.optional().describe('Stand des Umsetzungsstands'),
    public: PublicFlag,
    illustrative: Illustrative,
  })
  .describe('Empfehlung des IT-Beirats');

export const ItBeirat = z
  .strictObject({
    name: Text.optional().describe('Bezeichnung, Standard: IT-Beirat'),
    mandate: Markdown.optional().describe('Auftrag'),
    members: z.array(Member).optional(),
    meetings: z.array(Meeting).optional(),
    recommendations: z.array(Recommendation).optional(),
  })
  .describe('Der IT-Beirat');

// ---------------------------------------------------------------------------------------------
// Slides

const Selection = z
  .strictObject({
    ids: z.array(Id).optional().describe('Auswahl nach Kennung (in dieser Reihenfolge)'),
    category: z.union([Category, z.array(Category)]).optional(),
    status: z.union([Light, z.array(Light)]).optional().describe('Auswahl nach Ampel'),
  })
  .describe('Auswahl von Aktivitäten');

const RecommendationSelection = z.strictObject({
  ids: z.array(Id).optional(),
  status: z
    .union([z.enum(RECOMMENDATION_STATUSES), z.array(z.enum(RECOMMENDATION_STATUSES))])
    .optional(),
});

const common = {
  id: Id.optional().describe('Kennung der Folie (Anker)'),
  title: Text.optional().describe('Folientitel (sonst ein Standardtitel)'),
  notes: Markdown.optional().describe('Sprechernotizen'),
  public: PublicFlag,
};

export const SLIDE_TYPES = [
  'title',
  'agenda',
  'section',
  'text',
  'activities',
  'activity',
  'networks',
  'itbeirat',
  'recommendations',
  'timeline',
  'budget',
  'decision',
  'closing',
  'changes',
] as const;

export const Slide = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('title'), ...common, subtitle: Text.optional() }).describe('Titelfolie'),
  z
    .strictObject({
      type: z.literal('agenda'),
      ...common,
      items: z
        .array(z.strictObject({ title: Text, agendaItem: Text.optional(), public: PublicFlag }))
        .optional()
        .describe('Punkte; ohne Angabe die Abschnittsfolien'),
    })
    .describe('Gliederung'),
  z.strictObject({ type: z.literal('section'), ...common, title: Text, subtitle: Text.optional() }).describe('Abschnitt'),
  z
    .strictObject({ type: z.literal('text'), ...common, title: Text, body: Markdown, image: Image.optional() })
    .describe('Freier Text'),
  z
    .strictObject({
      type: z.literal('activities'),
      ...common,
      select: Selection.optional(),
      view: z
        .enum(['table', 'status'])
        .optional()
        .describe('table (Standard): Tabelle; status: Diagramm der Statusverteilung'),
    })
    .describe('Übersicht der Aktivitäten'),
  z
    .strictObject({ type: z.literal('activity'), ...common, select: Selection.optional() })
    .describe('Eine Folie je ausgewählter Aktivität'),
  z
    .strictObject({
      type: z.literal('networks'),
      ...common,
      select: z.strictObject({ ids: z.array(Id).optional() }).optional(),
    })
    .describe('Netzwerke'),
  z.strictObject({ type: z.literal('itbeirat'), ...common }).describe('IT-Beirat: Auftrag und Mitglieder'),
  z
    .strictObject({ type: z.literal('recommendations'), ...common, select: RecommendationSelection.optional() })
    .describe('Empfehlungen des IT-Beirats'),
  z
    .strictObject({
      type: z.literal('timeline'),
      ...common,
      select: Selection.optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
    })
    .describe('Zeitstrahl'),
  z
    .strictObject({
      type: z.literal('budget'),
      ...common,
      select: Selection.optional(),
      year: z.number().int().optional(),
    })
    .describe('Haushalt: Plan und Ist'),
  z.strictObject({ type: z.literal('decision'), ...common }).describe('Beschlussvorschlag im Wortlaut'),
  z
    .strictObject({
      type: z.literal('changes'),
      ...common,
      since: Id.optional().describe('Foliensatz, mit dessen eingefrorenem Stand verglichen wird (Standard: predecessor)'),
    })
    .describe('Änderungen seit der letzten Sitzung (braucht _sessions/<predecessor>.json, siehe ratsdeck freeze)'),
  z
    .strictObject({ type: z.literal('closing'), ...common, text: Markdown.optional(), contact: Text.optional() })
    .describe('Abschluss / Fragen'),
]);

// ---------------------------------------------------------------------------------------------
// The resolved deck: the merge of defaults, ratsdeck.yaml, _data/** and the deck file.
// Every key is optional here so one schema serves every file in an editor; the keys a deck
// must have after the cascade are checked in validate.ts (REQUIRED_DECK_KEYS).

export const Deck = z
  .strictObject({
    body: Body.optional(),
    committees: z.array(Committee).optional().describe('Gremien'),
    lang: z.enum(['de', 'en']).optional().describe('Sprache der Folien: de (Standard) oder en'),
    theme: z
      .string()
      .optional()
      .describe('Design: stadt (Standard), kontrast, nacht, oder Pfad zu einer eigenen CSS-Datei'),
    title: Text.optional().describe('Titel des Foliensatzes'),
    subtitle: Text.optional(),
    presenters: z.array(Presenter).optional().describe('Vortragende'),
    date: IsoDate.optional().describe('Datum des Foliensatzes (sonst das Sitzungsdatum)'),
    session: Session.optional(),
    paper: Paper.optional(),
    activities: z.array(Activity).optional().describe('Digitalisierungsaktivitäten'),
    networks: z.array(Network).optional().describe('Netzwerke'),
    itBeirat: ItBeirat.optional(),
    slides: z.array(Slide).optional().describe('Die Folien, in Reihenfolge'),
    predecessor: Id.optional()
      .describe('Vorheriger Foliensatz (Dateiname ohne .yaml), für "Änderungen seit der letzten Sitzung"'),
    browser: z.string().optional().describe('Pfad zu Chromium, Chrome oder Edge für den PDF-Druck'),
  })
  .describe('ratsdeck: Projekt (ratsdeck.yaml) oder Foliensatz');

export const REQUIRED_DECK_KEYS = ['title', 'slides'] as const;

/** The themes that ship with ratsdeck (themes/<name>.css). */
export const BUILTIN_THEMES = ['stadt', 'kontrast', 'nacht'] as const;

/** Schemas of the data files in _data/ whose file name is a known key. */
export const DATA_FILE_SCHEMAS = {
  activities: z.array(Activity).describe('Digitalisierungsaktivitäten (_data/activities.yaml)'),
  networks: z.array(Network).describe('Netzwerke (_data/networks.yaml)'),
  itBeirat: ItBeirat,
  committees: z.array(Committee).describe('Gremien'),
} as const;

export type Deck = z.infer<typeof Deck>;
export type Slide = z.infer<typeof Slide>;
export type SlideType = Slide['type'];
export type Activity = z.infer<typeof Activity>;
export type Network = z.infer<typeof Network>;
export type Member = z.infer<typeof Member>;
export type Meeting = z.infer<typeof Meeting>;
export type Recommendation = z.infer<typeof Recommendation>;
export type ItBeirat = z.infer<typeof ItBeirat>;
export type Committee = z.infer<typeof Committee>;
export type Session = z.infer<typeof Session>;
export type Paper = z.infer<typeof Paper>;
export type Consultation = z.infer<typeof Consultation>;
export type Image = z.infer<typeof Image>;
export type Milestone = z.infer<typeof Milestone>;
export type Kpi = z.infer<typeof Kpi>;
export type Budget = z.infer<typeof Budget>;
export type Selection = z.infer<typeof Selection>;
export type LightValue = (typeof LIGHTS)[number];
export type PhaseValue = (typeof PHASES)[number];
export type CategoryValue = (typeof CATEGORIES)[number];
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

/** A deck after validation: the cascade's keys that a deck must have are present. */
export type ValidDeck = Deck & { title: string; slides: Slide[] };
