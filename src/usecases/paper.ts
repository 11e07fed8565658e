/**
 * The Vorlage (paper) of a deck made from an earlier one (`ratsdeck new`, issue 11). Every
 * slide footer shows its reference, so a deck never keeps the earlier paper without saying so.
 * `replacePaper` is the one place that decides what a new paper replaces, for the flags
 * (--paper, --paper-date, --paper-subject) and for a paper read from elsewhere (a council
 * information system).
 */
import type { YamlEdit } from '../data/yaml.js';

/** The new paper, as far as it is known. */
export interface NewPaper {
  /** Vorlagennummer, e.g. BV/0112/2021. */
  reference: string;
  /** YYYY-MM-DD. */
  date?: string;
  /** Betreff. */
  subject?: string;
  /** e.g. Beschlussvorlage. */
  paperType?: string;
}

/**
 * What belongs to the one paper and goes when another takes its place: its date, its
 * resolution text, its financial impact and its Gremienweg. Showing the earlier paper's
 * Beschlussvorschlag verbatim under the new reference would be a wrong resolution on the slide.
 */
const OWN_FIELDS = ['date', 'decisionProposal', 'financialImpact', 'consultations'] as const;

const SCALARS = new Set(['reference', 'date', 'paperType']);

export interface PaperChange {
  edits: YamlEdit[];
  /** Fields of the earlier paper that stay, as people read them: `paper.reference ST/0027/2021`, `paper.subject`. */
  kept: string[];
  /** Fields of the earlier paper that were removed. */
  removed: string[];
}

function describe(paper: Record<string, unknown>, key: string): string {
  const v = paper[key];
  return SCALARS.has(key) && (typeof v === 'string' || typeof v === 'number') ? `paper.${key} ${v}` : `paper.${key}`;
}

/**
 * The edits of a deck's `paper:` for the next session: `undefined` keeps the earlier paper (all
 * of it is `kept`), `null` removes it, a NewPaper replaces it: its fields set, the earlier
 * paper's own fields (OWN_FIELDS) not given removed, the rest kept (and named as kept).
 */
export function replacePaper(old: unknown, next: NewPaper | null | undefined): PaperChange {
  const paper = old && typeof old === 'object' && !Array.isArray(old) ? (old as Record<string, unknown>) : {};
  const keys = Object.keys(paper).filter((k) => paper[k] !== undefined && paper[k] !== null);
  if (next === undefined) return { edits: [], kept: keys.map((k) => describe(paper, k)), removed: [] };
  if (next === null) return { edits: keys.length ? [{ path: ['paper'], delete: true }] : [], kept: [], removed: keys.map((k) => `paper.${k}`) };
  const given: [string, string | undefined][] = [
    ['reference', next.reference],
    ['date', next.date],
    ['subject', next.subject],
    ['paperType', next.paperType],
  ];
  const edits: YamlEdit[] = [];
  const set = new Set<string>();
  for (const [k, v] of given) {
    if (v === undefined) continue;
    edits.push({ path: ['paper', k], value: v });
    set.add(k);
  }
  const removed: string[] = [];
  for (const k of OWN_FIELDS) {
    if (set.has(k) || !keys.includes(k)) continue;
    edits.push({ path: ['paper', k], delete: true });
    removed.push(`paper.${k}`);
  }
  const kept = keys.filter((k) => !set.has(k) && !(OWN_FIELDS as readonly string[]).includes(k)).map((k) => describe(paper, k));
  return { edits, kept, removed };
}
