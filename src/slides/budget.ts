/** Budget: plan and actual as a chart with totals, then the table (continued over slides). */
import { z } from 'zod';
import type { Activity } from '../model/schema.js';
import { budgetChart, type Chart } from '../render/charts.js';
import { formatMoney, formatMoneyDelta, formatPercent } from '../render/format.js';
import type { Lang } from '../render/i18n.js';
import { paginate, selectActivities, selectedIds } from './common.js';
import { common, Selection } from './fields.js';
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

/** Table rows per slide. */
export const ROWS_PER_SLIDE = 7;

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
  | { table: false; chart: Chart; totals: BudgetTotals; year: number | undefined }
  | { table: true; rows: BudgetRowView[]; /** On the last table slide only. */ totals: BudgetTotals | undefined };

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
  async view(s, { activities, lang, L }) {
    const list = selectActivities(activities, s.select).filter((a) => a.budget && (s.year === undefined || a.budget.year === s.year));
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
    const chart = await budgetChart(
      list.map((a) => ({
        label: a.title,
        ...(a.budget?.plan !== undefined ? { plan: a.budget.plan } : {}),
        ...(a.budget?.actual !== undefined ? { actual: a.budget.actual } : {}),
      })),
      { lang, title },
    );
    const illustrative = list.some((a) => a.illustrative || a.budget?.illustrative);
    // Every table slide continues the chart slide: "(Fortsetzung)" and no notes from the first.
    const table = paginate(rows, ROWS_PER_SLIDE, { title, L, illustrative, first: 1 }, (page, i, pages) => ({
      table: true as const,
      rows: page,
      totals: i === pages.length - 1 ? totals : undefined,
    }));
    return [{ data: { table: false as const, chart, totals, year: s.year }, title, illustrative }, ...table];
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
      const [head, chartBox] = splitTop(c.area, 0.5);
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
