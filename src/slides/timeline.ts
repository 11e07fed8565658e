/**
 * The schedule: a chart of the activities on a time axis, with its data as a table. More rows
 * than one chart holds readably continue on further slides, on the same time axis.
 */
import { z } from 'zod';
import type { Activity } from '../model/schema.js';
import { IsoDate } from '../model/entities.js';
import { labelLines, ROWS_PER_CHART, timelineChart, timelineHasData, timelineRows, timelineWindow, type Chart, type TimelineItem } from '../render/charts.js';
import { formatDate } from '../render/format.js';
import { chunk, noActivitiesReason, paginate, selectActivities, selectedIds } from './common.js';
import { common, Selection } from './fields.js';
import type { SlideModule } from './types.js';

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
};
