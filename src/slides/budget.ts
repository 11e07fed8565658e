/** Budget: plan and actual as a chart with totals, then the table (continued over slides). */
import { z } from '../model/zod.js';
import type { Activity } from '../model/schema.js';
import { budgetChart, budgetExtent, budgetRowsWithData, labelLines, ROWS_PER_CHART, type Chart } from '../render/charts.js';
import { formatMoney, formatMoneyDelta, formatPercent } from '../render/format.js';
import type { Lang } from '../render/i18n.js';
import { chunk, chunkBy, continuedTitle, noActivitiesReason, paginate, selectActivities, selectedIds } from './common.js';
import { common, Selection } from './fields.js';
import { textWidth } from '../render/charts/measure.js';
import { contentHeight, rowHeight, SLACK, TABLE, tableColumns, textLines, typeMetrics } from './layout.js';
import type { SlideModule } from './types.js';
import { splitTop } from '../pptx/canvas.js';

export const schema = z
  .strictObject({
    type: z.literal('budget'),
    ...common,
    select: Selection.optional(),
    year: z.number().int().optional(),
  })
  .describe('Haushalt: Plan und Ist');

export interface BudgetTotals {
  plan: string;
  actual: string;
  deviation: string;
  /** Actual as a share of plan. */
  share: string | undefined;
}

export interface BudgetRowView {
  title: string;
  year: number | undefined;
  plan: string;
  actual: string;
  deviation: string;
  funding: string;
}

export type BudgetData =
  | {
      table: false;
      chart: Chart;
      /** On the first chart slide only: the totals of every row, not of this slide's. */
      totals: BudgetTotals | undefined;
      year: number | undefined;
    }
  | { table: true; rows: BudgetRowView[]; /** On the last table slide only. */ totals: BudgetTotals | undefined };

/** An activity the budget slide shows: it has a budget (for the slide's year). */
function withBudget(a: Activity, year: number | undefined): boolean {
  return !!a.budget && (year === undefined || a.budget.year === year);
}

const orDash = (v: number | undefined, f: (n: number) => string) => (v === undefined ? '–' : f(v));

export function fundingText(f: NonNullable<NonNullable<Activity['budget']>['funding']>[number], lang: Lang): string {
  return [f.programme, f.rate !== undefined ? formatPercent(f.rate, lang) : undefined, f.amount !== undefined ? formatMoney(f.amount, lang) : undefined]
    .filter(Boolean)
    .join(', ');
}

export const slide: SlideModule<z.infer<typeof schema>, BudgetData> = {
  type: 'budget',
  schema,
  references: (s) => selectedIds(s, 'activity'),
  empty(s, deck) {
    const all = deck.activities ?? [];
    const selected = selectActivities(all, s.select);
    const none = noActivitiesReason(selected, all, 'its chart and table show no data');
    if (none || selected.some((a) => withBudget(a, s.year))) return none;
    return {
      message: `none of the selected activities has a budget${s.year === undefined ? '' : ` for ${s.year}`}, so its chart and table show no data`,
      hint: s.year === undefined ? 'add budget: to the activities in _data/activities.yaml, or remove the slide' : `add budget: with year: ${s.year} to the activities in _data/activities.yaml, or change year: on the slide`,
    };
  },
  async view(s, { activities, deck, lang, L }) {
    const list = selectActivities(activities, s.select).filter((a) => withBudget(a, s.year));
    const money = (n: number) => formatMoney(n, lang);
    const rows = list.map((a) => {
      const b = a.budget!;
      return {
        title: a.title,
        year: b.year,
        plan: orDash(b.plan, money),
        actual: orDash(b.actual, money),
        deviation: b.plan !== undefined && b.actual !== undefined ? formatMoneyDelta(b.actual - b.plan, lang) : '–',
        funding: (b.funding ?? []).map((f) => fundingText(f, lang)).join('; '),
      };
    });
    const planSum = list.reduce((n, a) => n + (a.budget?.plan ?? 0), 0);
    const actualSum = list.reduce((n, a) => n + (a.budget?.actual ?? 0), 0);
    const totals = {
      plan: money(planSum),
      actual: money(actualSum),
      deviation: formatMoneyDelta(actualSum - planSum, lang),
      share: planSum > 0 ? formatPercent((actualSum / planSum) * 100, lang) : undefined,
    };
    const title = s.title ?? L.budget;
    const illustrative = list.some((a) => a.illustrative || a.budget?.illustrative);
    // More rows than one chart holds readably continue on further chart slides, on one scale.
    const bars = budgetRowsWithData(
      list.map((a) => ({
        label: a.title,
        ...(a.budget?.plan !== undefined ? { plan: a.budget.plan } : {}),
        ...(a.budget?.actual !== undefined ? { actual: a.budget.actual } : {}),
      })),
    );
    const chartPages = chunk(bars, ROWS_PER_CHART.budget.oneLine);
    const chartOpts = { lang, title, extent: budgetExtent(bars), lines: labelLines('budget', Math.max(...chartPages.map((p) => p.length))) };
    // One after another: each render holds a Vega view until it is done.
    const charts: Chart[] = [];
    for (const page of chartPages) charts.push(await budgetChart(page, chartOpts));
    const chart = paginate({ pages: chartPages }, 0, { title, L, illustrative }, (_page, i) => ({
      table: false as const,
      chart: charts[i]!,
      totals: i === 0 ? totals : undefined,
      year: s.year,
    }));
    // Every table slide continues the chart slides: "(Fortsetzung)" and no notes.
    // As many rows as fit below the header, and the sum row (on the last slide; room for it on each).
    const m = typeMetrics(deck.theme);
    const font = TABLE.font(m);
    // The amounts never wrap; the title and the funding (.rd-cell-text: 0.92 em) share the rest.
    const amount = (texts: string[]) => ({ texts, bold: true });
    const [titleW, , , , fundingW] = tableColumns(
      [
        { texts: [L.activity, ...rows.map((r) => r.title)], bold: true },
        amount([L.plan, totals.plan, ...rows.map((r) => r.plan)]),
        amount([L.actual, totals.actual, ...rows.map((r) => r.actual)]),
        amount([L.deviation, totals.deviation, ...rows.map((r) => r.deviation)]),
        { texts: [L.funding, ...rows.map((r) => r.funding)], font: font * 0.92 },
      ].map((c, i) => (i >= 1 && i <= 3 ? { ...c, fixed: Math.max(...c.texts.map((t) => textWidth(t, font, true) * m.bold)) } : c)),
      m,
    ) as [number, number, number, number, number];
    const height = (r: BudgetRowView) =>
      rowHeight(m, textLines(r.title, titleW, font, m, true), [textLines(r.funding, fundingW, font * 0.92, m) * 0.92], r.year !== undefined);
    const room = contentHeight(continuedTitle(title, 1, L), m) - 2 * (TABLE.frame + TABLE.line(m)) * SLACK;
    const table = paginate({ pages: chunkBy(rows, height, room) }, 0, { title, L, illustrative, first: chart.length }, (page, i, pages) => ({
      table: true as const,
      rows: page,
      totals: i === pages.length - 1 ? totals : undefined,
    }));
    return [...chart, ...table];
  },
  pptx: {
    draw(data, _ctx, c) {
      const L = c.L;
      if (data.table) {
        c.table(
          {
            header: [{ text: L.activity }, { text: L.plan, align: 'right' }, { text: L.actual, align: 'right' }, { text: L.deviation, align: 'right' }, { text: L.funding }],
            rows: data.rows.length
              ? data.rows.map((r) => [
                  { text: r.year ? `${r.title}\n${L.year} ${r.year}` : r.title },
                  { text: r.plan, align: 'right' as const },
                  { text: r.actual, align: 'right' as const },
                  { text: r.deviation, align: 'right' as const },
                  { text: r.funding },
                ])
              : [[{ text: L.noData }, { text: '' }, { text: '' }, { text: '' }, { text: '' }]],
            ...(data.totals
              ? { footer: [{ text: L.total }, { text: data.totals.plan, align: 'right' as const }, { text: data.totals.actual, align: 'right' as const }, { text: data.totals.deviation, align: 'right' as const }, { text: '' }] }
              : {}),
            colW: [4.2, 1.9, 1.9, 1.9, 2.23],
            size: 14,
          },
          c.area,
        );
        return;
      }
      const t = data.totals;
      // The totals line on the first chart slide only, as in the HTML.
      const [head, chartBox] = t ? splitTop(c.area, 0.5) : [undefined, c.area];
      if (t && head) {
        c.text(
          [
            {
              runs: [
                ...(data.year ? [{ text: `${L.year} ${data.year}   ·   `, colour: 'muted' as const }] : []),
                { text: `${L.plan}: `, bold: true },
                { text: `${t.plan}   ·   ` },
                { text: `${L.actual}: `, bold: true },
                { text: `${t.actual}${t.share ? ` (${t.share})` : ''}   ·   ` },
                { text: `${L.deviation}: `, bold: true },
                { text: t.deviation },
              ],
            },
          ],
          head,
          { size: 16 },
        );
      }
      const d = data.chart.data;
      if (d?.kind !== 'budget') return c.text(L.chartNoData, chartBox, { colour: 'muted' });
      c.barChart(
        {
          title: data.chart.description,
          labels: d.labels,
          series: [
            { name: L.plan, values: d.plan, colour: 'chartPlan' },
            { name: L.actual, values: d.actual, colour: 'chartActual' },
          ],
          direction: 'bar',
          numberFormat: '#,##0 "€"',
        },
        chartBox,
      );
    },
  },
};
