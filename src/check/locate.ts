/**
 * From what the browser saw (slide entry index, activity id, "the title") back to the YAML that
 * produced it: FILE:LINE:COL and the data path, through the raw deck's source positions.
 */
import type { Problem, SourcePos } from '../errors.js';
import { formatPath, type PathSeg, type RawDeck } from '../model/raw.js';

/** What a problem is about: its file position and data path. */
export type At = Pick<Problem, 'file' | 'line' | 'col' | 'path' | 'cell'>;

/** Which check found a problem (the `check` field of --json output). */
export type CheckKind = 'fit' | 'a11y' | 'pdf' | 'leak' | 'request' | 'data';

export interface CheckProblem extends Problem {
  check: CheckKind;
  /** The audience of the build the problem was found in. */
  audience?: 'public' | 'nonpublic';
  /** The axe-core rule or ratsdeck rule id (color-contrast, rd-colour-only …). */
  rule?: string;
  /** The output file the problem was found in (relative to the output folder), where it matters. */
  output?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export class SourceMap {
  readonly file: string;
  readonly #raw: RawDeck;

  constructor(raw: RawDeck) {
    this.#raw = raw;
    this.file = raw.file;
  }

  /** The merged value at a data path (unfiltered: before audience selection). */
  value(path: readonly PathSeg[]): unknown {
    let v: unknown = this.#raw.value;
    for (const seg of path) {
      if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
      else if (isObject(v) && typeof seg === 'string' && Object.hasOwn(v, seg)) v = v[seg];
      else return undefined;
    }
    return v;
  }

  at(path: readonly PathSeg[]): At {
    return { ...this.#raw.locate(path), path: formatPath(path) };
  }

  /** The deck file itself (for problems of the whole output). */
  deck(): At {
    return { file: this.file, line: 1, col: 1, path: '' };
  }

  /** A top-level field (title, lang, theme …) where it is set, else the deck file. */
  top(field: string): At {
    return this.value([field]) !== undefined ? this.at([field]) : this.deck();
  }

  /** The slide entry `slides[i]`, or the deck file when unknown. */
  slide(source: number | null): At {
    if (source === null || this.value(['slides', source]) === undefined) return this.deck();
    return this.at(['slides', source]);
  }

  /** Index of an activity in the unfiltered data, by id. */
  activityIndex(id: string): number | undefined {
    const list = this.value(['activities']);
    if (!Array.isArray(list)) return undefined;
    const i = list.findIndex((a) => isObject(a) && a.id === id);
    return i >= 0 ? i : undefined;
  }

  /**
   * What produced a slide's content: for an `activity` slide the activity's own entry, else
   * the slide entry.
   */
  content(source: number | null, item: string | null): At {
    if (item !== null) {
      const i = this.activityIndex(item);
      if (i !== undefined) return this.at(['activities', i]);
    }
    return this.slide(source);
  }

  /**
   * Where a slide's title was written: `slides[i].title` when the entry has one; the activity's
   * title on an activity slide; the deck's title on a title slide; else the slide entry.
   */
  title(source: number | null, item: string | null, type: string | null): At {
    if (source !== null && typeof this.value(['slides', source, 'title']) === 'string') return this.at(['slides', source, 'title']);
    if (item !== null) {
      const i = this.activityIndex(item);
      if (i !== undefined) return this.at(['activities', i, 'title']);
    }
    if (type === 'title' && typeof this.value(['title']) === 'string') return this.at(['title']);
    return this.slide(source);
  }

  /** The notes of a slide (or of its activity), where they are written. */
  notes(source: number | null, item: string | null): At {
    if (source !== null && typeof this.value(['slides', source, 'notes']) === 'string') return this.at(['slides', source, 'notes']);
    if (item !== null) {
      const i = this.activityIndex(item);
      if (i !== undefined && this.value(['activities', i, 'description']) !== undefined) return this.at(['activities', i, 'description']);
    }
    return this.slide(source);
  }
}
