/** Budget: plan and actual as a chart with totals, then the table (continued over slides). */
import { z } from 'zod';
import type { Activity } from '../model/schema.js';
import { budgetChart, type Chart } from '../render/charts.js';
import { formatMoney, formatMoneyDelta, formatPercent } from '../render/format.js';
import type { Lang } from '../render/i18n.js';
import { paginate, selectActivities, selectedIds } from './common.js';
import { common, Selection } from './fields.js';
import type { SlideModule } from './types.js';

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
};
