/**
 * How much fits on a slide: estimates in px of the 1280×720 canvas, made at build time without
 * a browser, for where a table continues. A fixed number of rows per slide left 6 activities
 * on two half-empty slides when their rows were short, and overflowed when they were long
 * (issue 11). fit.js and `ratsdeck check` catch what an estimate misses.
 */
import { textWidth } from '../render/charts/measure.js';

/**
 * A theme's type: its base size (--rd-size) and how wide its font runs against the estimate of
 * measure.ts (Helvetica's widths with a margin), measured in Chromium 156 on the activity titles,
 * Ämter and status labels of a generated 40-activity deck (table text, 0.74 em): Source Sans 3
 * (stadt, nacht) regular 0.78–0.84, semibold 0.75–0.80; Atkinson Hyperlegible (kontrast)
 * 0.83–0.89. Each with a little to spare. A theme of the project's own is unknown: the estimate
 * as it is.
 */
export interface TypeMetrics {
  size: number;
  width: number;
  bold: number;
}

const THEMES: Record<string, TypeMetrics> = {
  stadt: { size: 26, width: 0.86, bold: 0.82 },
  nacht: { size: 26, width: 0.86, bold: 0.82 },
  kontrast: { size: 28, width: 0.91, bold: 0.91 },
};
const UNKNOWN: TypeMetrics = { size: 26, width: 1, bold: 1 };

export function typeMetrics(theme: string | undefined): TypeMetrics {
  return THEMES[theme ?? 'stadt'] ?? UNKNOWN;
}

/** The lines `text` takes in a box `width` px wide at `fontPx`, broken at spaces like a browser. */
export function textLines(text: string | undefined, width: number, fontPx: number, m: TypeMetrics, bold = false): number {
  if (!text) return 0;
  const k = bold ? m.bold : m.width;
  const fits = (s: string) => textWidth(s, fontPx, bold) * k <= width;
  let lines = 1;
  let line = '';
  for (const word of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (!line || fits(candidate)) line = candidate;
    else {
      lines += 1;
      line = word;
    }
    // A word wider than the box breaks (overflow-wrap) over as many lines as it needs.
    const w = textWidth(line, fontPx, bold) * k;
    if (w > width) {
      lines += Math.ceil(w / width) - 1;
      line = '';
    }
  }
  return lines;
}

/** Measured on the stadt theme (26 px): body 44–650 px, the title one line of 48 px, then 21 px. */
const BODY_BOTTOM = 650;
const TITLE_TOP = 44;
const TITLE_LINE = 1.6 * 1.15; // .rd-title: 1.6 em, line height 1.15
const TITLE_GAP = 21;
const CONTENT_WIDTH = 1152;
/** A built-in table spans the content's width. */
export const TABLE_WIDTH = CONTENT_WIDTH;

/** Where a slide's content starts below its title (which may wrap), in px of the canvas. */
export function contentTop(title: string, m: TypeMetrics): number {
  const px = m.size * 1.6;
  return TITLE_TOP + textLines(title, CONTENT_WIDTH, px, m, true) * m.size * TITLE_LINE + TITLE_GAP;
}

/**
 * What an estimate may exceed the room by: fit.js sets a slide that runs over by this much 4 %
 * smaller, which no one sees, and the estimates run high (the widths above are maxima; the 7
 * activities of the example deck are estimated 509 px for 477 px measured).
 */
export const SLACK = 1.04;

/** The height from the content's top to the bottom of the slide body, with the slack fit.js gives. */
export function contentHeight(title: string, m: TypeMetrics): number {
  return (BODY_BOTTOM - contentTop(title, m)) * SLACK;
}

/**
 * A built-in table's rows (.rd-table: 0.74 em, line height 1.35, 5 px padding and a 1 px rule)
 * with the lines each cell takes; `sub` a sub-line under the row's title (.rd-cell-sub, 0.82 em).
 */
export const TABLE = {
  font: (m: TypeMetrics) => m.size * 0.74,
  line: (m: TypeMetrics) => m.size * 0.74 * 1.35,
  sub: (m: TypeMetrics) => m.size * 0.74 * 0.82 * 1.35,
  /** Padding and rule of a row; the header row is one line plus this. */
  frame: 11,
} as const;

/** The height of a table row whose cells take these lines (`sub`: a sub-line under the first cell). */
export function rowHeight(m: TypeMetrics, first: number, others: number[], sub = false): number {
  const firstPx = first * TABLE.line(m) + (sub ? TABLE.sub(m) : 0);
  return TABLE.frame + Math.max(firstPx, ...others.map((n) => n * TABLE.line(m)));
}

/** One column of a built-in table, for tableColumns(). */
export interface Column {
  /** The texts of its cells (and its header). */
  texts: (string | undefined)[];
  bold?: boolean;
  /** Font size, if not the table's. */
  font?: number;
  /** Width beside the text that does not wrap (a status light and its gap), px. */
  extra?: number;
  /** A set width (a percentage of the table, or a cell that never wraps), px without padding. */
  fixed?: number;
}

const CELL_PADDING = 20;

/**
 * The widths browsers give a table's columns (CSS automatic table layout, as Chromium does it
 * for `width: 100%`): each column at least its longest word, the room left shared in proportion
 * to how much more each column's longest text needs. Content widths, without padding.
 */
export function tableColumns(cols: Column[], m: TypeMetrics, width = CONTENT_WIDTH): number[] {
  const k = (c: Column) => (c.bold ? m.bold : m.width);
  const w = (c: Column, t: string) => textWidth(t, c.font ?? TABLE.font(m), c.bold) * k(c);
  const sizes = cols.map((c) => {
    if (c.fixed !== undefined) return { min: c.fixed, max: c.fixed };
    let min = 0;
    let max = 0;
    for (const t of c.texts) {
      if (!t) continue;
      max = Math.max(max, w(c, t));
      for (const word of t.split(/\s+/)) min = Math.max(min, w(c, word));
    }
    const extra = c.extra ?? 0;
    return { min: min + extra, max: max + extra };
  });
  const room = width - CELL_PADDING * cols.length;
  const sumMin = sizes.reduce((n, x) => n + x.min, 0);
  const sumMax = sizes.reduce((n, x) => n + x.max, 0);
  if (sumMax <= room) {
    // Everything fits on one line; the rest of the width goes to the columns without a set width.
    const free = sizes.reduce((n, x, i) => n + (cols[i]!.fixed === undefined ? x.max : 0), 0);
    return sizes.map((x, i) => (cols[i]!.fixed === undefined && free > 0 ? x.max + ((room - sumMax) * x.max) / free : x.max));
  }
  if (sumMin >= room) return sizes.map((x) => x.min);
  const grow = sumMax - sumMin;
  return sizes.map((x) => x.min + ((room - sumMin) * (x.max - x.min)) / grow);
}
