/** Timeline chart: activities as bars on a time axis, milestones as markers, a rule for today. */
import type { TopLevelSpec } from 'vega-lite';
import { FONT, MULTILINE_LABEL, WIDTH, baseConfig, heightFor, labelLines, labelWidth, uniqueLabels, wrapLabel } from './common.js';
import { fill, formatDate, formatInteger, formatMonthYear, parseIsoDate, quote } from '../format.js';
import { LABELS, type Labels } from '../i18n.js';
import { TOKENS } from './svg.js';
import type { Lang, TimelineItem } from './types.js';

export interface TimelineOptions {
  from?: string;
  to?: string;
  today: string;
  /** The window, as from timelineWindow(): the same for every slide of one timeline. */
  window?: { lo: number; hi: number };
  /** Label lines (default: two for up to six rows); one timeline's slides share it. */
  lines?: 1 | 2;
}

/** The chart's words: from i18n.ts. */
function wordsFor(lang: Lang): { today: string; done: string; open: string } {
  const L: Labels = LABELS[lang];
  return { today: L.today, done: L.milestoneReached, open: L.milestoneOpen };
}

interface Bar {
  row: string;
  s: number;
  e: number;
  opacity: number;
}
interface Mark {
  row: string;
  t: number;
  state: string;
  title: string;
  done: boolean;
}

export interface TimelineModel {
  keys: string[];
  lo: number;
  hi: number;
  today: number;
  bars: Bar[];
  marks: Mark[];
  items: number;
  lines: 1 | 2;
}

function itemDates(item: TimelineItem): number[] {
  const dates: number[] = [];
  if (item.start) dates.push(parseIsoDate(item.start));
  if (item.end) dates.push(parseIsoDate(item.end));
  for (const m of item.milestones) dates.push(parseIsoDate(m.due));
  return dates;
}

export function timelineHasData(items: TimelineItem[]): boolean {
  return items.some((i) => itemDates(i).length > 0);
}

function monthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}
function nextMonthStart(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** The visible window (dates are UTC midnights): `from`/`to`, else all dates and today, in whole months. */
export function timelineWindow(items: TimelineItem[], opts: Pick<TimelineOptions, 'from' | 'to' | 'today'>): { lo: number; hi: number } {
  const today = parseIsoDate(opts.today);
  const all = items.flatMap(itemDates);
  // Loops, not Math.min(...all): spreading thousands of dates can overflow the stack.
  const lo = opts.from ? parseIsoDate(opts.from) : monthStart(all.reduce((m, t) => Math.min(m, t), today));
  let hi = opts.to ? parseIsoDate(opts.to) : nextMonthStart(all.reduce((m, t) => Math.max(m, t), today));
  if (hi <= lo) hi = nextMonthStart(lo);
  return { lo, hi };
}

/** The items the timeline draws a row for: those with a date. */
export function timelineRows(items: TimelineItem[]): TimelineItem[] {
  return items.filter((i) => itemDates(i).length > 0);
}

/** Works out the visible window and what falls into it. */
export function timelineModel(items: TimelineItem[], lang: Lang, opts: TimelineOptions): TimelineModel {
  const today = parseIsoDate(opts.today);
  const { lo, hi } = opts.window ?? timelineWindow(items, opts);
  const withDates = timelineRows(items);
  const lines = opts.lines ?? labelLines('timeline', withDates.length);
  const keys = uniqueLabels(withDates.map((i) => wrapLabel(i.label, labelWidth(lines), lines)));
  const words = wordsFor(lang);
  const bars: Bar[] = [];
  const marks: Mark[] = [];
  withDates.forEach((item, i) => {
    const row = keys[i] as string;
    if (item.start || item.end) {
      // Only one end known: the bar runs to the edge of the window, drawn lighter.
      const s = Math.max(lo, item.start ? parseIsoDate(item.start) : lo);
      const e = Math.min(hi, item.end ? parseIsoDate(item.end) : hi);
      if (e >= s) bars.push({ row, s, e, opacity: item.start && item.end ? 1 : 0.45 });
    }
    for (const m of item.milestones) {
      const t = parseIsoDate(m.due);
      if (t < lo || t > hi) continue;
      const done = m.done === true;
      marks.push({ row, t, state: done ? words.done : words.open, title: m.title, done });
    }
  });
  return { keys, lo, hi, today, bars, marks, items: withDates.length, lines };
}

/** Tick every 1, 2, 3, 6 or 12 months so that about eight labels fit. */
function monthStep(lo: number, hi: number): number {
  const months = (hi - lo) / (30.44 * 86_400_000);
  return [1, 2, 3, 6, 12].find((s) => months / s <= 8) ?? 12 * Math.ceil(months / 96);
}

export function timelineSpec(model: TimelineModel, lang: Lang): TopLevelSpec {
  const words = wordsFor(lang);
  const { keys, lo, hi, today } = model;
  const fg = TOKENS.fg.placeholder;
  // The height follows the labels as wrapped: short labels need no room for a second line.
  const lines = keys.some((k) => k.includes('\n')) ? 2 : 1;
  // The scale is declared once, on the axis layer; the other layers share it.
  const x = { type: 'temporal' as const };
  const y = {
    field: 'row',
    type: 'nominal' as const,
    sort: null, // see budget.ts: the explicit domain orders the rows
    scale: { domain: keys, paddingInner: 0.35, paddingOuter: 0.2 },
    axis: { title: null, labelExpr: MULTILINE_LABEL, ticks: false, domain: false, labelPadding: 12 },
  };
  const stateDomain = [words.done, words.open];
  const legend = model.marks.length > 0 ? { title: null, symbolStrokeWidth: 2.5 } : null;
  return {
    width: WIDTH,
    height: heightFor(keys.length, lines === 2 ? 78 : 56, 110, 190),
    autosize: { type: 'fit', contains: 'padding' },
    padding: { top: 8, right: 16, bottom: 4, left: 4 },
    config: (() => {
      const config = baseConfig(lang);
      // Room between the legend and the plot for the "heute" label on top of the rule.
      config.legend = { ...config.legend, offset: 30 };
      return config;
    })(),
    layer: [
      {
        // An empty first layer with the x axis, so the axis exists even without bars.
        data: { values: [{ t: lo }] },
        mark: { type: 'rule', opacity: 0 },
        encoding: {
          x: {
            ...x,
            field: 't',
            // UTC: the labels must not depend on the time zone of the machine that builds the deck.
            scale: { type: 'utc', domain: [lo, hi], nice: false },
            axis: {
              title: null,
              format: '%b %Y',
              tickCount: { interval: 'month', step: monthStep(lo, hi) },
              grid: true,
              labelFlush: true,
              labelOverlap: true,
              labelSeparation: 16,
            },
          },
        },
      },
      {
        data: { values: model.bars },
        mark: { type: 'bar', color: TOKENS.plan.placeholder, height: { band: 0.5 }, cornerRadius: 3 },
        encoding: {
          y,
          x: { ...x, field: 's' },
          x2: { field: 'e' },
          opacity: { field: 'opacity', type: 'quantitative', scale: null },
        },
      },
      {
        data: { values: model.marks },
        mark: { type: 'point', filled: true, strokeWidth: 2.5, size: 300, opacity: 1 },
        encoding: {
          y,
          x: { ...x, field: 't' },
          // Reached and open differ in shape and fill, not in colour alone (WCAG 1.4.1).
          shape: { field: 'state', type: 'nominal', scale: { domain: stateDomain, range: ['diamond', 'circle'] }, legend },
          fill: { field: 'state', type: 'nominal', scale: { domain: stateDomain, range: [fg, 'transparent'] }, legend },
          // Encoded (not a mark property) so that the legend symbols get the outline too.
          stroke: { field: 'state', type: 'nominal', scale: { domain: stateDomain, range: [fg, fg] }, legend },
        },
      },
      ...(today >= lo && today <= hi
        ? [
            {
              data: { values: [{ t: today, text: words.today }] },
              layer: [
                {
                  mark: { type: 'rule' as const, color: TOKENS.red.placeholder, strokeWidth: 2.5, strokeDash: [8, 5] },
                  encoding: { x: { ...x, field: 't' } },
                },
                {
                  mark: {
                    type: 'text' as const,
                    color: fg,
                    fontSize: FONT.small,
                    fontWeight: 'bold' as const,
                    baseline: 'bottom' as const,
                    align: 'center' as const,
                    dy: -4,
                  },
                  encoding: { x: { ...x, field: 't' }, y: { value: 0 }, text: { field: 'text', type: 'nominal' as const } },
                },
              ],
            },
          ]
        : []),
    ],
  };
}

export function timelineDescription(model: TimelineModel, lang: Lang): string {
  const L = LABELS[lang];
  const int = (n: number) => formatInteger(n, lang);
  let text = fill(L.timelineDescription, {
    n: int(model.items),
    activities: model.items === 1 ? L.activityOne : L.activityMany,
    from: formatMonthYear(model.lo, lang),
    to: formatMonthYear(model.hi - 86_400_000, lang),
    today: formatDate(model.today, lang),
  });
  const total = model.marks.length;
  if (total > 0) {
    const done = model.marks.filter((m) => m.done).length;
    const open = model.marks.filter((m) => !m.done).sort((a, b) => a.t - b.t);
    const overdue = open.filter((m) => m.t < model.today).length;
    const next = open.find((m) => m.t >= model.today);
    text += fill(L.timelineMilestones, { done: int(done), total: int(total) });
    if (overdue > 0) text += fill(L.timelineOverdue, { n: int(overdue) });
    if (next) text += fill(L.timelineNext, { title: quote(next.title, lang), date: formatDate(next.t, lang) });
    text += '.';
  }
  return text;
}
