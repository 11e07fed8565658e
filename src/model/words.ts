/**
 * The words ratsdeck takes for each closed list of values (an enum), and what they mean: the
 * canonical value (`yellow`), the other words accepted for it (`gelb`, `Gelb`, `amber`), and
 * words that are close in meaning but not taken (`orange`), which a message suggests. One owner
 * of this rule for YAML files and spreadsheets alike (issue 11): the German words are what the
 * decks show and what an administration's lists say.
 *
 * Matching ignores case, umlauts written out (ü = ue), and "-", "_" and spaces. Normalisation
 * happens in validation (the schemas below), so positions in messages stay those of the input.
 * The German and English display words of src/render/i18n.ts are accepted for every value they
 * name (test/model/words.test.ts keeps the two in step).
 */
import { z } from './zod.js';

export const LIGHTS = ['green', 'yellow', 'red', 'grey'] as const;
export const PHASES = ['idea', 'planning', 'implementation', 'operation', 'completed', 'paused'] as const;
export const CATEGORIES = ['administration', 'smart-city', 'location', 'network', 'project', 'study', 'infrastructure', 'other'] as const;
export const RECOMMENDATION_STATUSES = ['open', 'under-review', 'in-progress', 'implemented', 'declined', 'deferred'] as const;
export const CLASSIFICATIONS = ['Parlament', 'Ausschuss', 'Kommission', 'Beirat', 'Sonstiges'] as const;
export const CONSULTATION_ROLES = ['Vorberatung', 'Entscheidung', 'Kenntnisnahme'] as const;
export const DECISION_KINDS = ['Beschlussvorschlag', 'Beschlussempfehlung'] as const;
export const LANGS = ['de', 'en'] as const;

export interface Vocabulary<V extends string = string> {
  values: readonly V[];
  /** Other words taken for a value, as people write them. */
  accepted: { readonly [K in V]?: readonly string[] };
  /** Words that mean a value but are not taken (too vague, or another field's words): suggested. */
  meaning?: { readonly [K in V]?: readonly string[] };
}

export const LIGHT_WORDS: Vocabulary<(typeof LIGHTS)[number]> = {
  values: LIGHTS,
  accepted: { green: ['Grün'], yellow: ['Gelb', 'Amber'], red: ['Rot'], grey: ['Grau', 'gray'] },
  meaning: {
    green: ['im Plan', 'planmäßig', 'gut', 'ok'],
    yellow: ['orange', 'mit Verzögerung', 'verzögert', 'Verzug', 'delayed'],
    red: ['gefährdet', 'kritisch', 'at risk', 'critical'],
    grey: ['nicht bewertet', 'unbewertet', 'keine Bewertung', 'not rated', 'none'],
  },
};

export const PHASE_WORDS: Vocabulary<(typeof PHASES)[number]> = {
  values: PHASES,
  accepted: {
    idea: ['Idee'],
    planning: ['Planung', 'in Planung', 'geplant'],
    implementation: ['Umsetzung', 'in Umsetzung', 'Realisierung', 'Durchführung'],
    operation: ['Betrieb', 'in Betrieb', 'Regelbetrieb'],
    completed: ['Abgeschlossen', 'beendet'],
    paused: ['Pausiert', 'ruht'],
  },
  meaning: {
    idea: ['Vorschlag', 'Entwurf', 'proposal'],
    planning: ['Konzept', 'Konzeption', 'Vorbereitung', 'Ausschreibung', 'Vergabe', 'planned'],
    implementation: ['laufend', 'in Arbeit', 'aktiv', 'umsetzen', 'in progress', 'ongoing', 'Einführung'],
    operation: ['live', 'produktiv', 'in operation'],
    completed: ['fertig', 'erledigt', 'done', 'finished'],
    paused: ['gestoppt', 'angehalten', 'on hold', 'stopped'],
  },
};

export const CATEGORY_WORDS: Vocabulary<(typeof CATEGORIES)[number]> = {
  values: CATEGORIES,
  accepted: {
    administration: ['Verwaltungsdigitalisierung', 'Verwaltung', 'Digitale Verwaltung', 'Digital administration'],
    'smart-city': ['Smart City', 'smartcity'],
    location: ['Digitalstandort', 'Standort', 'Digital location'],
    network: ['Netzwerk', 'Netzwerke'],
    project: ['Projekt', 'Projekte'],
    study: ['Studie', 'Studien'],
    infrastructure: ['Infrastruktur'],
    other: ['Sonstiges', 'Sonstige', 'Andere'],
  },
  meaning: {
    administration: ['OZG', 'E-Government', 'Onlinezugangsgesetz'],
    location: ['Wirtschaft', 'Wirtschaftsförderung', 'Wirtschaftsstandort'],
    network: ['Kooperation', 'Verbund', 'Initiative'],
    project: ['Pilot', 'Modellprojekt'],
    study: ['Gutachten', 'Analyse', 'Konzept', 'Untersuchung'],
    infrastructure: ['Breitband', 'Glasfaser', 'WLAN', 'Rechenzentrum'],
  },
};

export const RECOMMENDATION_WORDS: Vocabulary<(typeof RECOMMENDATION_STATUSES)[number]> = {
  values: RECOMMENDATION_STATUSES,
  accepted: {
    open: ['offen'],
    'under-review': ['in Prüfung', 'wird geprüft'],
    'in-progress': ['in Umsetzung', 'in Bearbeitung'],
    implemented: ['umgesetzt'],
    declined: ['abgelehnt'],
    deferred: ['zurückgestellt', 'vertagt'],
  },
  meaning: {
    open: ['neu', 'new'],
    'under-review': ['Prüfung', 'geprüft', 'review'],
    'in-progress': ['laufend', 'Umsetzung', 'begonnen'],
    implemented: ['erledigt', 'abgeschlossen', 'fertig', 'done'],
    declined: ['nicht umgesetzt', 'rejected'],
    deferred: ['verschoben', 'postponed'],
  },
};

export const CLASSIFICATION_WORDS: Vocabulary<(typeof CLASSIFICATIONS)[number]> = {
  values: CLASSIFICATIONS,
  accepted: {
    Parlament: ['parliament', 'council'],
    Ausschuss: ['committee'],
    Kommission: ['commission'],
    Beirat: ['advisory board'],
    Sonstiges: ['other'],
  },
  meaning: { Parlament: ['Rat', 'Stadtrat', 'Gemeinderat', 'Kreistag'], Ausschuss: ['Gremium'] },
};

export const CONSULTATION_ROLE_WORDS: Vocabulary<(typeof CONSULTATION_ROLES)[number]> = {
  values: CONSULTATION_ROLES,
  accepted: {
    Vorberatung: ['preliminary consultation'],
    Entscheidung: ['decision', 'Beschlussfassung'],
    Kenntnisnahme: ['zur Kenntnis', 'information', 'for information'],
  },
  meaning: { Vorberatung: ['Beratung', 'Anhörung'], Entscheidung: ['Beschluss', 'entscheidet'] },
};

export const DECISION_KIND_WORDS: Vocabulary<(typeof DECISION_KINDS)[number]> = {
  values: DECISION_KINDS,
  accepted: { Beschlussvorschlag: ['proposed resolution'], Beschlussempfehlung: ['recommended resolution'] },
};

export const LANG_WORDS: Vocabulary<(typeof LANGS)[number]> = {
  values: LANGS,
  accepted: { de: ['Deutsch', 'German', 'de-DE'], en: ['Englisch', 'English', 'en-GB', 'en-US'] },
};

/** Every vocabulary, for code that finds one by its values (validation messages, the spreadsheet reader). */
export const VOCABULARIES: readonly Vocabulary[] = [
  LIGHT_WORDS,
  PHASE_WORDS,
  CATEGORY_WORDS,
  RECOMMENDATION_WORDS,
  CLASSIFICATION_WORDS,
  CONSULTATION_ROLE_WORDS,
  DECISION_KIND_WORDS,
  LANG_WORDS,
] as Vocabulary[];

/** A word as matching sees it: lower case, umlauts written out, "-", "_" and runs of spaces as one space. */
export function foldWord(s: string): string {
  return s
    .normalize('NFC')
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .replace(/[\s_\-–]+/g, ' ')
    .trim();
}

const folded = new WeakMap<Vocabulary, Map<string, string>>();

/** Folded word → canonical value, for the values themselves and the accepted words. */
function acceptedMap(v: Vocabulary): Map<string, string> {
  let m = folded.get(v);
  if (!m) {
    m = new Map();
    for (const value of v.values) m.set(foldWord(value), value);
    for (const [value, words] of Object.entries(v.accepted) as [string, readonly string[]][]) {
      for (const w of words) m.set(foldWord(w), value);
    }
    folded.set(v, m);
  }
  return m;
}

/** The canonical value a word stands for, or undefined when it is not one of the accepted words. */
export function normaliseWord<V extends string>(vocab: Vocabulary<V>, input: string): V | undefined {
  return acceptedMap(vocab).get(foldWord(input)) as V | undefined;
}

/** The vocabulary whose values these are (a zod issue carries the values, not the schema). */
export function vocabularyOf(values: readonly unknown[]): Vocabulary | undefined {
  return VOCABULARIES.find((v) => v.values.length === values.length && v.values.every((x, i) => x === values[i]));
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The value a word that is not accepted probably means: by meaning (`orange` → yellow,
 * `Machbarkeitsstudie` → study: a German compound ends in what it is), then by spelling.
 */
export function suggestWord<V extends string>(vocab: Vocabulary<V>, input: string): V | undefined {
  const w = foldWord(input);
  if (!w) return undefined;
  const forms: [string, V][] = [];
  for (const [f, value] of acceptedMap(vocab)) forms.push([f, value as V]);
  for (const [value, words] of Object.entries(vocab.meaning ?? {}) as [V, readonly string[]][]) {
    for (const m of words) forms.push([foldWord(m), value]);
  }
  const exact = forms.find(([f]) => f === w);
  if (exact) return exact[1];
  // Compounds and phrases: the form that ends latest in the input (the head of a German
  // compound is its last part), the longer one on a tie. Forms of three letters ("rot") only
  // as that last part, shorter ones ("ok", "de") only whole.
  let best: { value: V; end: number; len: number } | undefined;
  for (const [f, value] of forms) {
    if (f.length < 3) continue;
    const at = w.lastIndexOf(f);
    if (at < 0) continue;
    const end = at + f.length;
    if (f.length === 3 && end !== w.length) continue;
    if (!best || end > best.end || (end === best.end && f.length > best.len)) best = { value, end, len: f.length };
  }
  if (best) return best.value;
  let near: { value: V; d: number; len: number } | undefined;
  for (const [f, value] of forms) {
    const d = distance(w, f);
    if (!near || d < near.d) near = { value, d, len: f.length };
  }
  // Short words need to be closer: blau is not grau.
  return near && near.d <= (near.len <= 4 ? 1 : Math.max(2, Math.floor(near.len / 3))) ? near.value : undefined;
}

/** The accepted words of a value, as a message names them: "gelb, Amber". */
export function acceptedWords<V extends string>(vocab: Vocabulary<V>, value: V): readonly string[] {
  return vocab.accepted[value] ?? [];
}

/** Every spelling an editor should offer: the values, the accepted words, lower case and without umlauts too. */
export function acceptedForms(vocab: Vocabulary): string[] {
  const out = new Set<string>(vocab.values);
  const umlautFree = (s: string) => s.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss');
  for (const words of Object.values(vocab.accepted) as (readonly string[])[]) {
    for (const w of words) for (const f of [w, w.toLowerCase(), w[0]!.toUpperCase() + w.slice(1)]) for (const g of [f, umlautFree(f)]) out.add(g);
  }
  return [...out];
}

/**
 * The schema of a closed list of values: takes the accepted words of `vocab` and yields the
 * canonical value; its JSON Schema lists every accepted spelling, so an editor offers them.
 */
export function wordEnum<V extends string>(vocab: Vocabulary<V>) {
  const canonical = z.enum(vocab.values as unknown as [V, ...V[]]);
  return z
    .preprocess((v) => (typeof v === 'string' ? (normaliseWord(vocab, v) ?? v) : v), canonical)
    .meta({ enum: acceptedForms(vocab) });
}

/** `ja`, `x` → true; `nein` → false: for a hint, since YAML reads them as text. */
export function booleanWord(input: string): boolean | undefined {
  const w = foldWord(input);
  if (['ja', 'j', 'yes', 'y', 'x', 'wahr', 'true', 'on', '✓', '✔'].includes(w)) return true;
  if (['nein', 'n', 'no', 'falsch', 'false', 'off', '-'].includes(w)) return false;
  return undefined;
}

/**
 * An id for a name people write (`Gründerzentrum Süd` → `gruenderzentrum-sued`): umlauts and ß
 * written out, other accents dropped, lower case, spaces and other signs as "-".
 */
export function idFor(name: string): string {
  return name
    .normalize('NFC')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}
