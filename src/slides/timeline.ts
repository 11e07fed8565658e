/** The schedule: a chart of the activities on a time axis, with its data as a table. */
import { z } from 'zod';
import { IsoDate } from '../model/entities.js';
import { timelineChart, type Chart } from '../render/charts.js';
import { formatDate } from '../render/format.js';
import { selectActivities, selectedIds } from './common.js';
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

export const slide: SlideModule<z.infer<typeof schema>, TimelineData> = {
  type: 'timeline',
  schema,
  references: (s) => selectedIds(s, 'activity'),
  async view(s, { activities, lang, L, today }) {
    const list = selectActivities(activities, s.select);
    const title = s.title ?? L.timeline;
    const chart = await timelineChart(
      list.map((a) => ({
        label: a.title,
        ...(a.start ? { start: a.start } : {}),
        ...(a.end ? { end: a.end } : {}),
        milestones: (a.milestones ?? []).map((m) => ({ title: m.title, due: m.due, ...(m.done !== undefined ? { done: m.done } : {}) })),
      })),
      { lang, title, today, ...(s.from ? { from: s.from } : {}), ...(s.to ? { to: s.to } : {}) },
    );
    const table = list.map((a) => ({
      title: a.title,
      period: [a.start && formatDate(a.start, lang), a.end && formatDate(a.end, lang)].filter(Boolean).join(' – '),
      milestones: (a.milestones ?? []).map((m) => `${formatDate(m.due, lang)}: ${m.title} (${m.done ? L.done : L.open})`),
    }));
    return [{ data: { chart, table }, title, illustrative: list.some((a) => a.illustrative) }];
  },
};
