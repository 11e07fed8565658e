/** The activities at a glance: a table (continued over slides), or a chart of the status lights. */
import { z } from 'zod';
import { statusChart, type Chart } from '../render/charts.js';
import { formatPercent } from '../render/format.js';
import { CATEGORY_LABELS, PHASE_LABELS } from '../render/i18n.js';
import { paginate, selectActivities, selectedIds, statusCounts, statusView, type StatusCount, type StatusView } from './common.js';
import { common, Selection } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z
  .strictObject({
    type: z.literal('activities'),
    ...common,
    select: Selection.optional(),
    view: z
      .enum(['table', 'status'])
      .optional()
      .describe('table (Standard): Tabelle; status: Diagramm der Statusverteilung'),
  })
  .describe('Übersicht der Aktivitäten');

/** Rows per slide before the table continues on the next (1280×720 at the theme's sizes). */
export const ROWS_PER_SLIDE = 5;

export interface ActivityRow {
  id: string;
  title: string;
  category: string;
  responsible: string | undefined;
  phase: string | undefined;
  status: StatusView | undefined;
  progress: number | undefined;
  progressText: string | undefined;
}

export type ActivitiesData =
  | { chart: Chart; counts: StatusCount[] }
  | {
      rows: ActivityRow[];
      /** The lights with at least one activity, on the first slide of the table only. */
      counts: StatusCount[];
    };

export const slide: SlideModule<z.infer<typeof schema>, ActivitiesData> = {
  type: 'activities',
  schema,
  references: (s) => selectedIds(s, 'activity'),
  async view(s, { activities, lang, L }) {
    const list = selectActivities(activities, s.select);
    const illustrative = list.some((a) => a.illustrative);
    const counts = statusCounts(list, lang);
    if (s.view === 'status') {
      const title = s.title ?? L.statusDistribution;
      const chart = await statusChart(counts.filter((c) => c.count > 0), { lang, title });
      return [{ data: { chart, counts }, title, illustrative }];
    }
    const rows: ActivityRow[] = list.map((a) => ({
      id: a.id,
      title: a.title,
      category: CATEGORY_LABELS[lang][a.category],
      responsible: a.responsible,
      phase: a.phase ? PHASE_LABELS[lang][a.phase] : undefined,
      status: statusView(a.status, lang),
      progress: a.progress,
      progressText: a.progress === undefined ? undefined : formatPercent(a.progress, lang),
    }));
    return paginate(rows, ROWS_PER_SLIDE, { title: s.title ?? L.activities, L, illustrative }, (page, i) => ({
      rows: page,
      counts: i === 0 ? counts.filter((c) => c.count > 0) : [],
    }));
  },
};
