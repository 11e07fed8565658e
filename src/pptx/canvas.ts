/**
 * What a slide module draws a PowerPoint slide with: text boxes, bullet lists, tables, native
 * charts, shapes and images, in inches on a 16:9 slide (13.333 × 7.5 in, the HTML deck's
 * 1280 × 720 px at 96 px per inch). Colours are the theme's names, not values, so that a slide
 * module never decides a colour the theme should. No library types here: src/pptx/writer.ts
 * is the only module that knows pptxgenjs.
 */
import type { Labels, Lang } from '../render/i18n.js';

export const SLIDE_W = 13.333;
export const SLIDE_H = 7.5;
/** 96 px per inch, as the HTML deck's 1280 × 720 canvas. */
export const PX = 1 / 96;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The theme's colours, by role (themes/base.css `--rd-*`). */
export type ThemeColour =
  | 'bg'
  | 'fg'
  | 'muted'
  | 'accent'
  | 'accentFg'
  | 'surface'
  | 'border'
  | 'green'
  | 'yellow'
  | 'red'
  | 'grey'
  | 'chartPlan'
  | 'chartActual';

export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** https:, http: or mailto: (checked by the model and by the Markdown reader). */
  link?: string;
  colour?: ThemeColour;
}

/** One paragraph: plain, a bullet list item, or a numbered list item (1-based `level`). */
export interface Para {
  runs: Run[];
  list?: 'bullet' | 'number';
  level?: number;
  /** Space before this paragraph in points. */
  spaceBefore?: number;
}

export interface TextStyle {
  /** Font size in points. */
  size?: number;
  bold?: boolean;
  italic?: boolean;
  colour?: ThemeColour;
  fill?: ThemeColour;
  align?: 'left' | 'center' | 'right';
  valign?: 'top' | 'middle' | 'bottom';
  /** Let PowerPoint shrink the text when it does not fit the box (default true for body text). */
  shrink?: boolean;
}

export interface Cell {
  /** Plain text, or runs (a coloured status dot before its words). */
  text: string | Run[];
  bold?: boolean;
  colour?: ThemeColour;
  fill?: ThemeColour;
  align?: 'left' | 'center' | 'right';
}

export interface TableSpec {
  header: Cell[];
  rows: Cell[][];
  /** Column widths in inches (summing to the box's width); default equal. */
  colW?: number[];
  size?: number;
  /** A totals row, set off from the rows above. */
  footer?: Cell[];
}

export interface BarChartSpec {
  title: string;
  /** Category labels (one bar group each). */
  labels: string[];
  series: { name: string; values: number[]; colour: ThemeColour }[];
  /** One series only: a colour per bar (the status lights). */
  pointColours?: ThemeColour[];
  /** Horizontal bars (the budget) or vertical columns. */
  direction: 'bar' | 'column';
  /** Excel number format of the value axis and data labels, e.g. `#,##0 "€"`. */
  numberFormat?: string;
  /** Show each value on its bar. */
  dataLabels?: boolean;
  legend?: boolean;
}

export interface ShapeStyle {
  fill?: ThemeColour;
  line?: ThemeColour;
  lineWidth?: number;
  dash?: boolean;
}

export type ShapeKind = 'rect' | 'roundRect' | 'ellipse' | 'diamond' | 'line';

/** One PowerPoint slide being drawn. */
export interface SlideCanvas {
  readonly lang: Lang;
  readonly L: Labels;
  /** Where the slide's content goes: below the title, above the footer. */
  readonly area: Box;
  text(content: string | Para[], box: Box, style?: TextStyle): void;
  /** Markdown (the deck's text fields) as paragraphs, bullet and numbered lists, bold, italic and links. */
  markdown(src: string, box: Box, style?: TextStyle): void;
  /** A Markdown text field as plain text, a line per paragraph (a table cell). */
  plain(src: string): string;
  table(spec: TableSpec, box: Box): void;
  barChart(spec: BarChartSpec, box: Box): void;
  shape(kind: ShapeKind, box: Box, style: ShapeStyle): void;
  /** A project image (path relative to the project), fitted into the box, with its text alternative. */
  image(src: string, box: Box, alt: string): void;
}

/** Inside `box`, `pad` inches from every edge. */
export function inset(box: Box, pad: number): Box {
  return { x: box.x + pad, y: box.y + pad, w: box.w - 2 * pad, h: box.h - 2 * pad };
}

/** `box` split into columns of the given shares, with `gap` inches between them. */
export function columns(box: Box, shares: number[], gap = 0.3): Box[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const free = box.w - gap * (shares.length - 1);
  let x = box.x;
  return shares.map((s) => {
    const w = (free * s) / total;
    const b = { x, y: box.y, w, h: box.h };
    x += w + gap;
    return b;
  });
}

/** The top `h` inches of `box`, and the rest below it (after `gap`). */
export function splitTop(box: Box, h: number, gap = 0.15): [Box, Box] {
  return [
    { x: box.x, y: box.y, w: box.w, h },
    { x: box.x, y: box.y + h + gap, w: box.w, h: Math.max(0, box.h - h - gap) },
  ];
}
