/**
 * Names of a built deck's files. A non-public build carries the suffix in its folder and in
 * every file of its own (deck page, handout, manifest, PDFs), so no copy of one can pass as
 * public (DOMAIN.md; GemO RLP § 35). The library files under ratsdeck/ are the same for
 * every deck and keep their names.
 */
export const NONPUBLIC_SUFFIX = '-nichtoeffentlich';

/** The folder in the output folder that keeps what builds of this audience derived (output/cache.ts). */
export function cacheFolderName(audience: 'public' | 'nonpublic'): string {
  return `.ratsdeck-cache${audience === 'nonpublic' ? NONPUBLIC_SUFFIX : ''}`;
}

/**
 * A draft (`--draft`) keeps its deck folder but names the files one passes on as drafts, so
 * that a draft PDF or single file cannot pass for the final one (issue 11). The same word in
 * every language, like the non-public suffix: it is a name, not text on a slide.
 */
export const DRAFT_SUFFIX = '-entwurf';

export interface OutputNames {
  /** The deck folder in the output folder: out/<outputId>/. */
  folder: string;
  /** The self-contained page of `build --single-file`: out/<outputId>.html (a draft: <outputId>-entwurf.html). */
  singleFile: string;
  /** The reveal.js deck page. */
  deck: string;
  /** The A4 handout document the handout PDF is printed from. */
  handout: string;
  /** What the archive lists about the deck. */
  manifest: string;
  /** The slides PDF, printed from the deck page (a draft: <outputId>-entwurf.pdf). */
  slidesPdf: string;
  /** The handout PDF, printed from the handout page (a draft: <outputId>-handout-entwurf.pdf). */
  handoutPdf: string;
  /** The PowerPoint file, drawn from the same slides as the deck page. */
  pptx: string;
  /** The folder of one PNG per slide, taken from the deck page. */
  pngFolder: string;
}

/** `png/01.png`: slide `n` of `total`, with as many digits as the largest number needs (at least two). */
export function pngName(n: number, total: number): string {
  return `png/${String(n).padStart(Math.max(2, String(total).length), '0')}.png`;
}

/** A PNG of a slide, as pngName writes it. */
export const PNG_FILE = /^png\/\d{2,}\.png$/;

/**
 * Every name a deck's build produces, from its output id (the deck id, with the suffix for a
 * non-public build) and whether it is a draft. The one owner of these names (issue 10).
 */
export function outputNamesFor(outputId: string, opts: { draft?: boolean } = {}): OutputNames {
  const s = outputId.endsWith(NONPUBLIC_SUFFIX) ? NONPUBLIC_SUFFIX : '';
  const d = opts.draft ? DRAFT_SUFFIX : '';
  return {
    folder: outputId,
    singleFile: `${outputId}${d}.html`,
    deck: `index${s}.html`,
    handout: `handout${s}.html`,
    manifest: `ratsdeck${s}.json`,
    slidesPdf: `${outputId}${d}.pdf`,
    handoutPdf: `${outputId}-handout${d}.pdf`,
    pptx: `${outputId}${d}.pptx`,
    pngFolder: 'png',
  };
}

/** The names of a deck's output that differ between a draft and the final version, both ways. */
export function draftVariants(outputId: string): { final: OutputNames; draft: OutputNames } {
  return { final: outputNamesFor(outputId), draft: outputNamesFor(outputId, { draft: true }) };
}

/** The names inside any deck folder of an audience that do not depend on the deck. */
export function outputNames(nonpublic: boolean): Pick<OutputNames, 'deck' | 'handout' | 'manifest'> {
  const { deck, handout, manifest } = outputNamesFor(nonpublic ? NONPUBLIC_SUFFIX : '');
  return { deck, handout, manifest };
}

/** The output id of a deck for an audience: the name of its folder and files. */
export function outputIdFor(deckId: string, audience: 'public' | 'nonpublic'): string {
  return audience === 'nonpublic' ? `${deckId}${NONPUBLIC_SUFFIX}` : deckId;
}

/** The session archive page of an output folder for an audience. */
export function archiveName(audience: 'public' | 'nonpublic'): string {
  return audience === 'nonpublic' ? `index${NONPUBLIC_SUFFIX}.html` : 'index.html';
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

/** Folders of a project that are never decks nor outputs (project.ts reads them; ids may not take their names). */
export const PROJECT_FOLDERS = ['_data', '_sessions', '_oparl', 'assets', 'templates', 'themes', 'out', 'node_modules'] as const;

/** Names Windows reserves for devices: a file called `con.html` cannot be created there. */
const WINDOWS_DEVICES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * Why a deck id (its file name without .yaml) cannot name an output, or undefined when it can.
 * The id becomes out/<id>/ and out/<id>.html, so it must be one safe file name on every system
 * (issue 9: a deck `...yaml` had the id `..` and replaced the project folder).
 */
export function deckIdProblem(id: string): string | undefined {
  if (id === '') return 'it is empty';
  if (id === '.' || id === '..' || id.startsWith('.')) return 'it starts with a dot';
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(id)) return 'it contains a character that is not allowed in file names (\\ / : * ? " < > |)';
  if (/[. ]$/.test(id)) return 'it ends with a dot or a space (Windows drops them)';
  if (!/^[\p{L}\p{N}]/u.test(id)) return 'it must start with a letter or a digit';
  if (!/^[\p{L}\p{N}._+ -]+$/u.test(id)) return 'use letters, digits, "-", "_", "." and "+" only';
  const lower = id.toLowerCase();
  if (lower === 'index') return 'index is the name of the session archive (out/index.html)';
  if (lower.endsWith(NONPUBLIC_SUFFIX)) return `ids ending in ${NONPUBLIC_SUFFIX} are the names of non-public builds`;
  if ((PROJECT_FOLDERS as readonly string[]).includes(lower)) return `${id} is the name of a project folder`;
  if (WINDOWS_DEVICES.test(id.replace(/\..*$/, ''))) return `${id} is a device name on Windows`;
  if (id.length > 100) return 'it is longer than 100 characters';
  return undefined;
}

/** Output names compared the way Windows and macOS compare file names (case-insensitively). */
export function sameOutputName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}
