/**
 * The data the slides show: primitives (dates, ids, links), the body and its committees, the
 * session and paper, activities, networks and the IT-Beirat. Re-exported by schema.ts, which
 * adds the slides (from the registry in src/slides/) and the deck around them.
 *
 * Names follow OParl (schema.oparl.org) where the concept is the same: Body, Organization
 * (committees), Paper (reference, paperType, relatedPaper), Consultation (role, authoritative),
 * AgendaItem (number, public), Meeting (start, location). Descriptions are German because the
 * people who read them in their editor write German council papers.
 */
import { z } from './zod.js';

import { Id, Illustrative, Image, IsoDate, Markdown, Money, OparlUrl, Percent, PublicFlag, Text, Time, Url } from './primitives.js';
import {
  CATEGORIES,
  CATEGORY_WORDS,
  CLASSIFICATION_WORDS,
  DECISION_KIND_WORDS,
  LIGHT_WORDS,
  LIGHTS,
  PHASE_WORDS,
  PHASES,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_WORDS,
  wordEnum,
} from './words.js';

export * from './primitives.js';
// The closed lists of values, and the words taken for them, are in words.ts.
export { CATEGORIES, LIGHTS, PHASES, RECOMMENDATION_STATUSES };
/** Added to the description of each closed list in the JSON Schema. */
const GERMAN_TOO = 'Deutsche Wörter gelten auch (Groß-/Kleinschreibung egal, ä auch als ae)';

// ---------------------------------------------------------------------------------------------
// Project: the body (city) and its committees (OParl Body, Organization)

export const COMMITTEE_CLASSIFICATIONS = ['Parlament', 'Ausschuss', 'Kommission', 'Beirat', 'Sonstiges'] as const;

export const Committee = z
  .strictObject({
    id: Id,
    name: Text.describe('Name des Gremiums, z. B. Haupt- und Finanzausschuss'),
    shortName: Text.optional().describe('Kurzname, z. B. HFA'),
    classification: wordEnum(CLASSIFICATION_WORDS)
      .optional()
      .describe('Art des Gremiums (OParl classification): Parlament, Ausschuss, Kommission, Beirat, Sonstiges; englische Wörter gelten auch'),
    oparl: OparlUrl.optional().describe('Das Gremium im Ratsinformationssystem: Adresse seiner OParl-Organization'),
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
    resolutionText: Text.optional().describe('Wortlaut des Beschlusses (OParl resolutionText), nach der Sitzung'),
    votes: Votes.optional(),
    oparl: OparlUrl.optional().describe('Der TOP im Ratsinformationssystem: Adresse seines OParl-AgendaItem (ratsdeck freeze holt daraus das Ergebnis)'),
  })
  .describe('Die Sitzung, für die der Foliensatz gedacht ist (OParl Meeting und AgendaItem)');

export const Consultation = z
  .strictObject({
    committee: Id.describe('Kennung des Gremiums'),
    date: IsoDate.optional(),
    agendaItem: Text.optional().describe('TOP, z. B. "Ö 5"'),
    public: PublicFlag,
    role: Text.optional().describe(
      'Rolle des Gremiums in der Beratungsfolge, wie das Ratsinformationssystem sie nennt, z. B. Vorberatung, Entscheidung, Kenntnisnahme, Beschlussfassung',
    ),
    authoritative: z.boolean().optional().describe('true = das Gremium beschließt abschließend (OParl authoritative)'),
    result: ResultText.optional(),
    votes: Votes.optional(),
    oparl: OparlUrl.optional().describe('Die Beratung im Ratsinformationssystem: Adresse ihrer OParl-Consultation'),
  })
  .describe('Eine Station des Gremienwegs (OParl Consultation)');

/**
 * A Vorlage's number as the council information system writes it: `ST/0027/2021`, `2026/0214`,
 * `65/2021`, `BV/0123/2025`, `0815/2024-1` (issue 12: real RIS use many formats). Refused is
 * only what is clearly no number: empty, more than one line, or markup.
 */
export const PaperReference = z
  .string({ error: 'expected the paper reference as text, e.g. ST/0027/2021' })
  .refine((s) => s.trim() !== '', { error: 'the paper reference is empty', abort: true })
  .refine((s) => !/[\u0000-\u001f\u007f\u2028\u2029]/.test(s), { error: 'the paper reference must be one line', abort: true })
  .refine((s) => !/[<>]/.test(s), { error: 'the paper reference may not contain < or > (markup)', abort: true })
  .refine((s) => s.length <= 60, { error: 'the paper reference is longer than 60 characters' })
  .describe('Vorlagennummer, wie das Ratsinformationssystem sie schreibt, z. B. ST/0027/2021, 2026/0214, BV/0123/2025');

export const RelatedPaper = z.strictObject({
  reference: PaperReference.describe('Vorlagennummer, z. B. AT/0029/2021'),
  paperType: Text.optional().describe('Art, z. B. Antrag'),
  subject: Text.optional().describe('Betreff'),
  date: IsoDate.optional(),
  oparl: OparlUrl.optional().describe('Die Vorlage im Ratsinformationssystem: Adresse ihres OParl-Paper'),
});

export const PAPER_PREFIXES = ['ST', 'AT', 'BV', 'UV', 'AF', 'IV', 'MV', 'AN'] as const;

export const Paper = z
  .strictObject({
    reference: PaperReference,
    paperType: Text.optional().describe('Art der Vorlage, z. B. Stellungnahme, Beschlussvorlage'),
    relatedPaper: z.array(RelatedPaper).optional().describe('Bezugsvorlagen, z. B. der Antrag'),
    date: IsoDate.optional(),
    department: Text.optional().describe('Dezernat'),
    author: Text.optional().describe('Verfasser (federführendes Amt)'),
    fileReference: Text.optional().describe('Aktenzeichen (Az.)'),
    subject: Text.describe('Betreff'),
    decisionProposal: z
      .strictObject({
        kind: wordEnum(DECISION_KIND_WORDS)
          .optional()
          .describe('Beschlussvorschlag oder Beschlussempfehlung'),
        text: Markdown.describe('Wortlaut; wird unverändert übernommen'),
      })
      .optional(),
    financialImpact: Markdown.optional().describe('Finanzielle Auswirkungen'),
    consultations: z.array(Consultation).optional().describe('Gremienweg / Beratungsfolge'),
    files: z
      .array(z.strictObject({ title: Text.describe('Name der Datei'), url: Url }))
      .optional()
      .describe('Dateien der Vorlage im Ratsinformationssystem (OParl mainFile, auxiliaryFile)'),
    oparl: OparlUrl.optional().describe('Die Vorlage im Ratsinformationssystem: Adresse ihres OParl-Paper'),
  })
  .describe('Die Vorlage (OParl Paper)');

export const Presenter = z.strictObject({
  name: Text.describe('Name'),
  role: Text.optional().describe('Funktion, z. B. Amtsleitung'),
  organization: Text.optional().describe('Amt oder Dezernat'),
});

// ---------------------------------------------------------------------------------------------
// Activities

export const Category = wordEnum(CATEGORY_WORDS).describe(
  `Kategorie: administration (Verwaltungsdigitalisierung/OZG), smart-city, location (Digitalstandort), network, project, study, infrastructure, other. ${GERMAN_TOO}: Verwaltung, Smart City, Digitalstandort, Netzwerk, Projekt, Studie, Infrastruktur, Sonstiges`,
);

export const Phase = wordEnum(PHASE_WORDS).describe(
  `Phase: idea, planning, implementation, operation, completed, paused. ${GERMAN_TOO}: Idee, Planung, Umsetzung, Betrieb, Abgeschlossen, Pausiert`,
);

export const Light = wordEnum(LIGHT_WORDS).describe(`Ampel: green, yellow, red, grey (nicht bewertet). ${GERMAN_TOO}: grün, gelb, rot, grau`);

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

export const RecommendationStatus = wordEnum(RECOMMENDATION_WORDS).describe(
  `Umsetzungsstand: open, under-review, in-progress, implemented, declined, deferred. ${GERMAN_TOO}: offen, in Prüfung, in Umsetzung, umgesetzt, abgelehnt, zurückgestellt`,
);

export const Recommendation = z
  .strictObject({
    id: Id,
    date: IsoDate,
    title: Text,
    text: Markdown.optional(),
    activities: z.array(Id).optional().describe('Kennungen der betroffenen Aktivitäten'),
    status: RecommendationStatus,
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
export type Milestone = z.infer<typeof Milestone>;
export type Kpi = z.infer<typeof Kpi>;
export type Budget = z.infer<typeof Budget>;
export type LightValue = (typeof LIGHTS)[number];
export type PhaseValue = (typeof PHASES)[number];
export type CategoryValue = (typeof CATEGORIES)[number];
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
