/**
 * The schedule: a chart of the activities on a time axis, with its data as a table. More rows
 * than one chart holds readably continue on further slides, on the same time axis.
 */
import { z } from '../model/zod.js';
import type { Activity } from '../model/schema.js';
import { IsoDate } from '../model/entities.js';
import { labelLines, ROWS_PER_CHART, timelineChart, timelineHasData, timelineRows, timelineWindow, type Chart, type TimelineItem } from '../render/charts.js';
import { formatDate } from '../render/format.js';
import { chunk, noActivitiesReason, paginate, selectActivities, selectedIds } from './common.js';
import { common, Selection } from './fields.js';
import type { SlideModule } from './types.js';
import { formatMonth } from '../render/format.js';
import type { SlideCanvas } from '../pptx/canvas.js';
import type { ChartData } from '../render/charts.js';

export const schema = z
  .strictObject({
    type: z.literal('timeline'),
    ...common,
    select: Selection.optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
  })
  .describe('Zeitstrahl');

export interface TimelineData {
  chart: Chart;
  /** The chart's data as text, for the table beside it. */
  table: { title: string; period: string; milestones: string[] }[];
}

function timelineItem(a: Activity): TimelineItem {
  return {
    label: a.title,
    ...(a.start ? { start: a.start } : {}),
    ...(a.end ? { end: a.end } : {}),
    milestones: (a.milestones ?? []).map((m) => ({ title: m.title, due: m.due, ...(m.done !== undefined ? { done: m.done } : {}) })),
  };
}

export const slide: SlideModule<z.infer<typeof schema>, TimelineData> = {
  type: 'timeline',
  schema,
  references: (s) => selectedIds(s, 'activity'),
  empty(s, deck) {
    const all = deck.activities ?? [];
    const list = selectActivities(all, s.select);
    const none = noActivitiesReason(list, all, 'the timeline shows only "no data"');
    if (none || timelineHasData(list.map(timelineItem))) return none;
    return {
      message: 'none of the selected activities has a start, end or milestone date, so the timeline shows only "no data"',
      hint: 'add start:, end: or milestones: to the activities in _data/activities.yaml, or remove the slide',
    };
  },
  async view(s, { activities, lang, L, today }) {
    const list = selectActivities(activities, s.select);
    const title = s.title ?? L.timeline;
    const items = list.map(timelineItem);
    const range = { today, ...(s.from ? { from: s.from } : {}), ...(s.to ? { to: s.to } : {}) };
    // Only activities with a date get a row; every slide shares the window and the label lines.
    const dated = list.filter((_, i) => timelineRows([items[i]!]).length > 0);
    const pages = dated.length ? chunk(dated, ROWS_PER_CHART.timeline.oneLine) : [list];
    const window = timelineWindow(items, range);
    const lines = labelLines('timeline', Math.max(...pages.map((p) => p.length)));
    const illustrative = list.some((a) => a.illustrative);
    // One after another: each render holds a Vega view until it is done.
    const charts: Chart[] = [];
    for (const page of pages) charts.push(await timelineChart(page.map(timelineItem), { lang, title, ...range, window, lines }));
    // Activities without a date have no row in the chart; the data table still lists them, last.
    const undated = dated.length ? list.filter((a) => !dated.includes(a)) : [];
    return paginate({ pages }, 0, { title, L, illustrative }, (page, i) => ({
      chart: charts[i]!,
      table: (i === pages.length - 1 ? [...page, ...undated] : page).map((a) => ({
        title: a.title,
        period: [a.start && formatDate(a.start, lang), a.end && formatDate(a.end, lang)].filter(Boolean).join(' – '),
        milestones: (a.milestones ?? []).map((m) => `${formatDate(m.due, lang)}: ${m.title} (${m.done ? L.done : L.open})`),
      })),
    }));
  },
  pptx: {
    draw(data, _ctx, c) {
      const d = data.chart.data;
      if (d?.kind !== 'timeline') return c.text(c.L.chartNoData, c.area, { colour: 'muted' });
      drawTimeline(d, c);
    },
  },
};

const DAY = 86_400_000;

/** The timeline as shapes: a row per activity, bars from start to end, milestones, today. */
function drawTimeline(d: Extract<ChartData, { kind: 'timeline' }>, c: SlideCanvas): void {
  const a = c.area;
  const labelW = 3.3;
  const axisH = 0.35;
  const legendH = 0.35;
  const plot = { x: a.x + labelW + 0.15, y: a.y + axisH, w: a.w - labelW - 0.15, h: a.h - axisH - legendH - 0.1 };
  const rowH = Math.min(0.6, plot.h / Math.max(1, d.rows.length));
  const xOf = (t: number) => plot.x + ((t - d.lo) / (d.hi - d.lo)) * plot.w;
  const size = rowH < 0.4 ? 11 : 14;
  // Month ticks, every 1, 2, 3, 6 or 12 months so that about eight labels fit (as the HTML chart).
  const months = (d.hi - d.lo) / (30.44 * DAY);
  const step = [1, 2, 3, 6, 12].find((s) => months / s <= 8) ?? 12 * Math.ceil(months / 96);
  const start = new Date(d.lo);
  for (let m = 0; ; m += step) {
    const t = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1);
    if (t > d.hi) break;
    if (t < d.lo) continue;
    const x = xOf(t);
    c.shape('line', { x, y: plot.y, w: 0, h: rowH * d.rows.length }, { line: 'border', lineWidth: 0.5 });
    c.text(formatMonth(t, c.lang), { x: x - 0.6, y: a.y, w: 1.2, h: axisH }, { size: 11, colour: 'muted', align: 'center', valign: 'bottom', shrink: false });
  }
  d.rows.forEach((label, i) => {
    const y = plot.y + i * rowH;
    c.text(label, { x: a.x, y, w: labelW, h: rowH }, { size, valign: 'middle', align: 'right' });
  });
  for (const b of d.bars) {
    const y = plot.y + b.row * rowH + rowH * 0.2;
    c.shape('rect', { x: xOf(b.s), y, w: Math.max(0.02, xOf(b.e) - xOf(b.s)), h: rowH * 0.6 }, { fill: b.partial ? 'chartPlan' : 'chartActual' });
  }
  const m = Math.min(0.2, rowH * 0.5);
  for (const k of d.marks) {
    const y = plot.y + k.row * rowH + (rowH - m) / 2;
    c.shape(k.done ? 'diamond' : 'ellipse', { x: xOf(k.t) - m / 2, y, w: m, h: m }, k.done ? { fill: 'fg', line: 'bg', lineWidth: 0.75 } : { fill: 'bg', line: 'fg', lineWidth: 1.5 });
  }
  if (d.today >= d.lo && d.today <= d.hi) {
    const x = xOf(d.today);
    c.shape('line', { x, y: plot.y - 0.05, w: 0, h: rowH * d.rows.length + 0.1 }, { line: 'red', lineWidth: 1.5, dash: true });
    c.text(c.L.today, { x: x - 0.6, y: plot.y + rowH * d.rows.length + 0.02, w: 1.2, h: 0.28 }, { size: 11, colour: 'red', align: 'center', shrink: false });
  }
  c.text(
    [{ runs: [{ text: '◆ ', bold: true }, { text: `${c.L.milestoneReached}     ` }, { text: '○ ', bold: true }, { text: c.L.milestoneOpen }] }],
    { x: plot.x, y: a.y + a.h - legendH, w: plot.w, h: legendH },
    { size: 12, colour: 'muted', valign: 'middle' },
  );
}
