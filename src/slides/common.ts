/** What several slide views share: pages of a long table, selections, the status light. */
import type { Activity, CategoryValue, LightValue } from '../model/schema.js';
import { LIGHT_DEFAULT_TEXT, LIGHT_LABELS, type Labels, type Lang } from '../render/i18n.js';
import type { Box, Para, SlideCanvas } from '../pptx/canvas.js';
import type { Selection } from './fields.js';
import type { EmptyReason, Reference, SlidePage } from './types.js';

/** Splits a list over as few pages as needed, balanced (7 rows at 5 per slide → 4 + 3, 6 → 3 + 3, 11 → 4 + 4 + 3). */
export function chunk<T>(list: T[], size: number): T[][] {
  return chunkBy(list, () => 1, size);
}

/**
 * Splits a list over as few pages as `capacity` allows (each item takes `weight`, at least one
 * item per page), then balances them, so a table never ends in one lonely row: each page takes
 * an equal share of the total (41 rows at 10 → 9 + 8 + 8 + 8 + 8). Where that overfills a page
 * (rows of very different heights), the pages are filled to the smallest capacity that still
 * needs no more pages (the linear-partition bound, by bisection).
 */
export function chunkBy<T>(list: T[], weight: (item: T) => number, capacity: number): T[][] {
  if (list.length === 0) return [[]];
  const w = list.map((x) => Math.max(0, weight(x)));
  const fill = (cap: number): T[][] => {
    const out: T[][] = [];
    let page: T[] = [];
    let used = 0;
    list.forEach((x, i) => {
      if (page.length && used + w[i]! > cap) {
        out.push(page);
        page = [];
        used = 0;
      }
      page.push(x);
      used += w[i]!;
    });
    out.push(page);
    return out;
  };
  const pages = fill(capacity).length;
  if (pages === 1) return [list];

  // Equal shares: page k ends where the running total first reaches k/pages of the whole.
  const total = w.reduce((a, b) => a + b, 0);
  const even: T[][] = [];
  let start = 0;
  let sum = 0;
  for (let i = 0; i < list.length; i++) {
    sum += w[i]!;
    const k = even.length + 1;
    const left = list.length - i - 1;
    if (k < pages && (sum >= (k * total) / pages - 1e-9 || left === pages - k)) {
      even.push(list.slice(start, i + 1));
      start = i + 1;
    }
  }
  even.push(list.slice(start));
  const weightOf = (page: T[]) => page.reduce((n, x) => n + Math.max(0, weight(x)), 0);
  if (even.length === pages && even.every((p) => p.length > 0 && (p.length === 1 || weightOf(p) <= capacity))) return even;

  let lo = w.reduce((m, x) => Math.max(m, x), 0);
  let hi = Math.max(lo, capacity);
  // Bisection on real weights: 40 halvings leave far less than a pixel (or a row) between the bounds.
  for (let k = 0; k < 40 && hi - lo > 1e-6; k++) {
    const mid = (lo + hi) / 2;
    if (fill(mid).length <= pages) hi = mid;
    else lo = mid;
  }
  return fill(hi);
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

/**
 * Why a slide that shows selected activities shows none (`selected` is what its selection
 * kept of `all`): there are none in the data, or its `select` matches none. `then` says what the
 * slide shows instead ("the slide shows only \"no entries\"").
 */
export function noActivitiesReason(selected: Activity[], all: Activity[], then: string): EmptyReason | undefined {
  if (selected.length) return undefined;
  if (!all.length) return { message: `there are no activities in the data, so ${then}`, hint: 'add activities to _data/activities.yaml, or remove the slide' };
  return { message: `its select matches no activity, so ${then}`, hint: 'check select: against the ids, categories and status lights in _data/activities.yaml, or remove the slide' };
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
