/**
 * Names of a built deck's files. A non-public build carries the suffix in its folder and in
 * every file of its own (deck page, handout, manifest, PDFs), so no copy of one can pass as
 * public (DOMAIN.md; GemO RLP § 35). The library files under ratsdeck/ are the same for
 * every deck and keep their names.
 */
export const NONPUBLIC_SUFFIX = '-nichtoeffentlich';

export interface OutputNames {
  /** The reveal.js deck page. */
  deck: string;
  /** The A4 handout document the handout PDF is printed from. */
  handout: string;
  /** What the archive lists about the deck. */
  manifest: string;
}

export function outputNames(nonpublic: boolean): OutputNames {
  const s = nonpublic ? NONPUBLIC_SUFFIX : '';
  return { deck: `index${s}.html`, handout: `handout${s}.html`, manifest: `ratsdeck${s}.json` };
}

/** The names inside an output folder, from the folder's own name (`<deck>-nichtoeffentlich`). */
export function outputNamesFor(outputId: string): OutputNames {
  return outputNames(outputId.endsWith(NONPUBLIC_SUFFIX));
}

/** What the session archive shows about one built deck (already selected for its audience). */
export interface DeckListing {
  outputId: string;
  title: string;
  /** Session date, YYYY-MM-DD. */
  date?: string;
  time?: string;
  committee?: string;
  agendaItem?: string;
  paper?: string;
  /** The session's result, once recorded (e.g. "zur Kenntnis genommen"). */
  result?: string;
}

/** The listing fields, in the order the archive copies them. */
export const LISTING_FIELDS = ['date', 'time', 'committee', 'agendaItem', 'paper', 'result'] as const;
