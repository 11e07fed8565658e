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
  pptx: {
    draw(data, _ctx, c) {
      const L = c.L;
      const a = c.area;
      if ('chart' in data) {
        const counts = data.counts.filter((x) => x.count > 0);
        if (!counts.length) return c.text(L.noData, a, { colour: 'muted' });
        c.barChart(
          { title: L.statusDistribution, labels: counts.map((x) => x.label), series: [{ name: L.activityMany, values: counts.map((x) => x.count), colour: 'accent' }], pointColours: counts.map((x) => x.light), direction: 'column', dataLabels: true, legend: false, numberFormat: '0' },
          a,
        );
        return;
      }
      if (data.counts.length) {
        c.text(data.counts.map((x) => `${x.label}: ${x.count}`).join('   ·   '), { x: a.x, y: a.y, w: a.w, h: 0.4 }, { size: 14, colour: 'muted' });
      }
      const y = a.y + (data.counts.length ? 0.5 : 0);
      c.table(
        {
          header: [{ text: L.activity }, { text: L.responsible }, { text: L.phase }, { text: L.status }, { text: L.progress, align: 'right' }],
          rows: data.rows.length
            ? data.rows.map((r) => [
                { text: `${r.title}\n${r.category}` },
                { text: r.responsible ?? '' },
                { text: r.phase ?? '' },
                { text: r.status ? [{ text: '● ', colour: r.status.light }, { text: r.status.full }] : '' },
                { text: r.progressText ?? '', align: 'right' as const },
              ])
            : [[{ text: L.noData }, { text: '' }, { text: '' }, { text: '' }, { text: '' }]],
          colW: [3.8, 2.6, 1.75, 2.6, 1.45],
          size: 15,
        },
        { ...a, y, h: a.h - (y - a.y) },
      );
    },
  },
};
