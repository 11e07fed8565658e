/** The activities at a glance: a table (continued over slides), or a chart of the status lights. */
import { z } from '../model/zod.js';
import { statusChart, type Chart } from '../render/charts.js';
import { formatPercent } from '../render/format.js';
import { CATEGORY_LABELS, PHASE_LABELS } from '../render/i18n.js';
import { chunkBy, continuedTitle, noActivitiesReason, paginate, selectActivities, selectedIds, statusCounts, statusView, type StatusCount, type StatusView } from './common.js';
import { common, Selection } from './fields.js';
import { contentHeight, rowHeight, SLACK, TABLE, TABLE_WIDTH, tableColumns, textLines, typeMetrics } from './layout.js';
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

/** The title column's share of the table (themes/base.css), and the progress cell (a 90 px bar and "100 %"). */
const TITLE_SHARE = 0.34;
const PROGRESS_PX = 143;
/** A status light and the gap after it (.rd-status). */
const LIGHT_PX = 26;

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
  empty: (s, deck) =>
    noActivitiesReason(selectActivities(deck.activities ?? [], s.select), deck.activities ?? [], s.view === 'status' ? 'its chart shows only "no data"' : 'the slide shows only "no entries"'),
  async view(s, { activities, deck, lang, L }) {
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
    // As many rows as fit: a row is as tall as its fullest cell (titles of three lines, or one).
    const title = s.title ?? L.activities;
    const m = typeMetrics(deck.theme);
    const font = TABLE.font(m);
    const [titleW, respW, phaseW, statusW] = tableColumns(
      [
        { texts: [], fixed: TABLE_WIDTH * TITLE_SHARE - 20 },
        { texts: [L.responsible, ...rows.map((r) => r.responsible)] },
        { texts: [L.phase, ...rows.map((r) => r.phase)] },
        { texts: [L.status, ...rows.map((r) => r.status?.full)], extra: LIGHT_PX },
        { texts: [], fixed: PROGRESS_PX },
      ],
      m,
    ) as [number, number, number, number];
    const height = (r: ActivityRow) =>
      rowHeight(m, textLines(r.title, titleW, font, m, true), [
        textLines(r.responsible, respW, font, m),
        textLines(r.phase, phaseW, font, m),
        textLines(r.status?.full, statusW - LIGHT_PX, font, m),
      ], true);
    const room = contentHeight(continuedTitle(title, 1, L), m) - (TABLE.frame + TABLE.line(m)) * SLACK;
    const pages = chunkBy(rows, height, room);
    return paginate({ pages }, 0, { title, L, illustrative }, (page, i) => ({
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
