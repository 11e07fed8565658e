/** Budget chart: plan vs. actual per row as horizontal grouped bars. */
import type { TopLevelSpec } from 'vega-lite';
import { FONT, MULTILINE_LABEL, WIDTH, baseConfig, heightFor, labelLines, labelWidth, uniqueLabels, wrapLabel } from './common.js';
import { fill, formatInteger, formatMoney, formatMoneyShort, formatPercent, quote } from '../format.js';
import { LABELS } from '../i18n.js';
import { millionsAffixes } from './locale.js';
import { TOKENS } from './svg.js';
import type { BudgetRow, Lang } from './types.js';

const isAmount = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function budgetHasData(rows: BudgetRow[]): boolean {
  return rows.some((r) => isAmount(r.plan) || isAmount(r.actual));
}

/** The rows the chart draws: those with a plan or an actual amount. */
export function budgetRowsWithData(rows: BudgetRow[]): BudgetRow[] {
  return rows.filter((r) => isAmount(r.plan) || isAmount(r.actual));
}

/** The smallest and largest amount (at most 0 and at least 0): the scale of every slide of one chart. */
export function budgetExtent(rows: BudgetRow[]): { min: number; max: number } {
  // Not Math.max(...amounts): spreading thousands of arguments can overflow the stack.
  let min = 0;
  let max = 0;
  for (const r of rows) {
    for (const v of [r.plan, r.actual]) {
      if (!isAmount(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  return { min, max };
}

export interface BudgetSpecOptions {
  /** Label lines (default: two for up to six rows); one chart's slides share it. */
  lines?: 1 | 2;
  /** The amounts the scale spans (default: these rows'); one chart's slides share it. */
  extent?: { min: number; max: number };
}

export function budgetSpec(rows: BudgetRow[], lang: Lang, opts: BudgetSpecOptions = {}): TopLevelSpec {
  const names = LABELS[lang];
  const shown = budgetRowsWithData(rows);
  const lines = opts.lines ?? labelLines('budget', shown.length);
  const keys = uniqueLabels(shown.map((r) => wrapLabel(r.label, labelWidth(lines), lines)));
  const values: { row: string; series: string; amount: number; text: string }[] = [];
  shown.forEach((r, i) => {
    const row = keys[i] as string;
    if (isAmount(r.plan)) values.push({ row, series: names.plan, amount: r.plan, text: formatMoneyShort(r.plan, lang) });
    if (isAmount(r.actual)) {
      values.push({ row, series: names.actual, amount: r.actual, text: formatMoneyShort(r.actual, lang) });
    }
  });
  const { min, max } = opts.extent ?? budgetExtent(shown);
  // Room right of the longest bar for its value label.
  const domainMax = max === 0 && min === 0 ? 1 : max + (max - min) * 0.16;

  const [pre, post] = millionsAffixes(lang);
  const labelExpr =
    max >= 1e6 || min <= -1e6
      ? `datum.value == 0 ? format(0, '$,.0f') : ${JSON.stringify(pre)} + format(datum.value / 1e6, ',.2~f') + ${JSON.stringify(post)}`
      : "format(datum.value, '$,.0f')";

  const step = lines === 2 ? 86 : 52;
  return {
    width: WIDTH,
    height: heightFor(shown.length, step, 90),
    autosize: { type: 'fit', contains: 'padding' },
    padding: { top: 4, right: 8, bottom: 4, left: 4 },
    config: baseConfig(lang),
    data: { values },
    encoding: {
      y: {
        field: 'row',
        type: 'nominal',
        // The explicit domain orders the rows; a sort array would compile to one nested ternary per
        // row, which overflows the stack past about 1000 rows (issue 9).
        sort: null,
        scale: { domain: keys, paddingInner: 0.28, paddingOuter: 0.14 },
        axis: { title: null, labelExpr: MULTILINE_LABEL, ticks: false, labelPadding: 10 },
      },
      yOffset: { field: 'series', type: 'nominal', scale: { domain: [names.plan, names.actual] } },
      x: {
        field: 'amount',
        type: 'quantitative',
        scale: { domain: [min, domainMax], nice: true },
        axis: { title: null, labelExpr, tickCount: 6, grid: true, labelFlush: true, labelOverlap: true, labelSeparation: 16 },
      },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: [names.plan, names.actual], range: [TOKENS.plan.placeholder, TOKENS.actual.placeholder] },
            legend: { title: null },
          },
        },
      },
      // Amounts at the bar ends while they fit; with more rows the data table carries them.
      ...(shown.length <= 8
        ? [
            {
              mark: {
                type: 'text' as const,
                align: 'left' as const,
                baseline: 'middle' as const,
                dx: 6,
                fontSize: FONT.small,
              },
              encoding: { text: { field: 'text', type: 'nominal' as const } },
            },
          ]
        : []),
    ],
  };
}

export function budgetDescription(rows: BudgetRow[], lang: Lang): string {
  const plans = rows.filter((r) => isAmount(r.plan));
  const actuals = rows.filter((r) => isAmount(r.actual));
  const planSum = plans.reduce((s, r) => s + (r.plan as number), 0);
  const actualSum = actuals.reduce((s, r) => s + (r.actual as number), 0);
  const L = LABELS[lang];
  const parts: string[] = [];
  if (plans.length > 0) parts.push(fill(L.budgetPlanTotal, { amount: formatMoney(planSum, lang) }));
  if (actuals.length > 0) {
    let s = fill(L.budgetActualTotal, { amount: formatMoney(actualSum, lang) });
    if (plans.length > 0 && planSum > 0) s += fill(L.budgetShareOfPlan, { percent: formatPercent((actualSum / planSum) * 100, lang, 0) });
    parts.push(s);
  }
  let text = parts.join(', ');
  text = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  const items = fill(rows.length === 1 ? L.budgetItemOne : L.budgetItemMany, { n: formatInteger(rows.length, lang) });
  text = fill(L.budgetFor, { text, items });
  const top = plans.reduce<BudgetRow | undefined>((best, r) => (!best || (r.plan as number) > (best.plan as number) ? r : best), undefined);
  if (top && plans.length > 1) text += fill(L.budgetLargest, { label: quote(top.label, lang), amount: formatMoney(top.plan as number, lang) });
  return text;
}
