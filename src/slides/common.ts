/** What several slide views share: pages of a long table, selections, the status light. */
import type { Activity, CategoryValue, LightValue } from '../model/schema.js';
import { LIGHT_DEFAULT_TEXT, LIGHT_LABELS, type Labels, type Lang } from '../render/i18n.js';
import { markdownParagraphs } from '../render/markdown.js';
import type { Box, Para, SlideCanvas } from '../pptx/canvas.js';
import type { Selection } from './fields.js';
import type { Reference, SlidePage } from './types.js';

/** Splits a list over as few pages as needed, balanced (7 rows at 5 per slide → 4 + 3). */
export function chunk<T>(list: T[], size: number): T[][] {
  if (list.length === 0) return [[]];
  const pages = Math.ceil(list.length / size);
  const per = Math.ceil(list.length / pages);
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += per) out.push(list.slice(i, i + per));
  return out;
}

export interface PaginateOptions {
  title: string;
  L: Labels;
  illustrative?: boolean;
  /** Index of the first page: 1 when every page continues an earlier slide (the budget table). */
  first?: number;
}

/**
 * A long table on as many slides as it needs: `items` balanced at `perSlide` (or pages already
 * cut), the title "(Fortsetzung)" and no speaker notes from the second slide on.
 */
export function paginate<T, D>(
  items: T[] | { pages: T[][] },
  perSlide: number,
  opts: PaginateOptions,
  data: (page: T[], i: number, pages: T[][]) => D,
): SlidePage<D>[] {
  const pages = Array.isArray(items) ? chunk(items, perSlide) : items.pages;
  const first = opts.first ?? 0;
  return pages.map((page, j) => {
    const i = j + first;
    const p: SlidePage<D> = { data: data(page, j, pages), title: continuedTitle(opts.title, i, opts.L), continued: i > 0 };
    if (opts.illustrative !== undefined) p.illustrative = opts.illustrative;
    if (i > 0) p.notes = undefined;
    return p;
  });
}

export function continuedTitle(title: string, i: number, L: Labels): string {
  return i === 0 ? title : `${title} (${L.continued})`;
}

export function asList<T>(v: T | T[] | undefined): T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

/** The items with these ids, in the order of the ids (unknown ids are reported by validation). */
export function byIds<T extends { id: string }>(all: T[], ids: string[] | undefined): T[] {
  if (!ids) return all;
  const byId = new Map(all.map((x) => [x.id, x]));
  return ids.map((id) => byId.get(id)).filter((x): x is T => !!x);
}

export function selectActivities(all: Activity[], sel: Selection | undefined): Activity[] {
  if (!sel) return all;
  let list = byIds(all, sel.ids);
  const cats = asList(sel.category);
  if (cats) list = list.filter((a) => cats.includes(a.category as CategoryValue));
  const lights = asList(sel.status);
  if (lights) list = list.filter((a) => a.status && lights.includes(a.status.light));
  return list;
}

export interface StatusView {
  light: LightValue;
  colour: string;
  text: string;
  /** "Grün – im Plan": what a screen reader and a black-and-white print show. */
  full: string;
}

export function statusView(s: Activity['status'], lang: Lang): StatusView | undefined {
  if (!s) return undefined;
  const colour = LIGHT_LABELS[lang][s.light];
  const text = s.label ?? LIGHT_DEFAULT_TEXT[lang][s.light];
  return { light: s.light, colour, text, full: `${colour} – ${text}` };
}

export interface StatusCount {
  light: LightValue;
  label: string;
  count: number;
}

export function statusCounts(list: Activity[], lang: Lang): StatusCount[] {
  const order: LightValue[] = ['green', 'yellow', 'red', 'grey'];
  return order.map((light) => ({
    light,
    label: `${LIGHT_LABELS[lang][light]} – ${LIGHT_DEFAULT_TEXT[lang][light]}`,
    count: list.filter((a) => (a.status?.light ?? 'grey') === light).length,
  }));
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** The ids of a slide's `select: { ids: [...] }`, as references of one kind. */
export function selectedIds(slide: Record<string, unknown>, kind: Reference['kind']): Reference[] {
  const ids = obj(slide.select).ids;
  return Array.isArray(ids) ? ids.map((id, j) => ({ path: ['select', 'ids', j], id, kind })) : [];
}

/** A status light in PowerPoint: the coloured dot and its text beside it (never colour alone, WCAG 1.4.1). */
export function pptxStatus(canvas: SlideCanvas, status: StatusView, box: Box, size?: number): void {
  const d = Math.min(0.22, box.h * 0.7);
  canvas.shape('ellipse', { x: box.x, y: box.y + (box.h - d) / 2, w: d, h: d }, { fill: status.light, line: 'fg', lineWidth: 0.5 });
  canvas.text(status.full, { x: box.x + d + 0.08, y: box.y, w: box.w - d - 0.08, h: box.h }, { valign: 'middle', ...(size ? { size } : {}) });
}

/** Label–value lines (the HTML's <dl class="rd-facts">) as paragraphs with the label in bold. */
export function factParas(facts: [string, string | undefined][]): Para[] {
  return facts.filter((f): f is [string, string] => !!f[1]).map(([k, v]) => ({ runs: [{ text: `${k}: `, bold: true }, { text: v }] }));
}

/** A heading line and bullet items (a sub-list on an activity or IT-Beirat slide). */
export function listParas(heading: string, items: string[], first = false): Para[] {
  if (!items.length) return [];
  return [{ runs: [{ text: heading, bold: true }], ...(first ? {} : { spaceBefore: 10 }) }, ...items.map((t) => ({ runs: [{ text: t }], list: 'bullet' as const }))];
}

/** A Markdown text field as plain text (a table cell in PowerPoint). */
export function plainText(src: string): string {
  return markdownParagraphs(src)
    .map((p) => p.runs.map((r) => r.text).join(''))
    .join('\n');
}
