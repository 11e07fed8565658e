/**
 * Charts rendered at build time as inline vector SVG, each with a text alternative.
 *
 * Vega-Lite specs (charts/*.ts) are compiled to Vega and rendered without a canvas
 * (renderer "none"; text widths come from charts/measure.ts). Vega is the only charting
 * dependency and only
 * this module loads it, lazily, so that decks without charts do not pay its start-up time.
 * The SVG is then made themeable, responsive and accessible (charts/svg.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import { budgetDescription, budgetHasData, budgetSpec, type BudgetSpecOptions } from './charts/budget.js';
import { statusDescription, statusHasData, statusSpec } from './charts/status.js';
import { vegaTextWidth } from './charts/measure.js';
import { LABELS } from './i18n.js';
import { derivedAsync } from '../output/cache.js';
import { emptySvg, finishSvg } from './charts/svg.js';
import { timelineDescription, timelineHasData, timelineModel, timelineSpec, type TimelineOptions } from './charts/timeline.js';
import type { BudgetRow, Chart, ChartData, Lang, StatusCount, TimelineItem } from './charts/types.js';

export type { BudgetRow, Chart, ChartData, Lang, StatusCount, TimelineItem } from './charts/types.js';
export { budgetExtent, budgetRowsWithData } from './charts/budget.js';
export { labelLines, ROWS_PER_CHART, type PagedChart } from './charts/common.js';
export { timelineHasData, timelineRows, timelineWindow } from './charts/timeline.js';

type Engine = { vega: typeof import('vega'); vl: typeof import('vega-lite') };
let engine: Promise<Engine> | undefined;

/** Loads Vega and Vega-Lite on first use (about a quarter of a second), once per process. */
function loadEngine(): Promise<Engine> {
  engine ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    // Vega's hook for text measurement without a canvas (vl-convert sets it the same way);
    // not in its type declarations. Only this module uses Vega, so the global is ours. It
    // reaches the copy of vega-scenegraph that lays out axes and legends; the copy nested under
    // vega-view that writes the SVG keeps its own, hence no truncation by Vega (common.ts).
    (vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;
    return { vega, vl };
  });
  return engine;
}

// Vega-Lite warnings mean a spec here is wrong, not the user's data: make them visible.
const vlLogger = {
  level(): number {
    return 2;
  },
  warn(...args: unknown[]) {
    console.warn('ratsdeck charts (vega-lite):', ...args);
    return this;
  },
  info() {
    return this;
  },
  debug() {
    return this;
  },
  error(...args: unknown[]) {
    throw new Error(`ratsdeck charts (vega-lite): ${args.map(String).join(' ')}`);
  },
};

async function render(spec: TopLevelSpec, kind: string, title: string, description: string, data: ChartData): Promise<Chart> {
  // Kept by the digest of everything the picture is made from (output/cache.ts): Vega is
  // loaded only for a chart not drawn before.
  const svg = await derivedAsync('chart', [JSON.stringify(spec), kind, title, description], async () => {
    const { vega, vl } = await loadEngine();
    const compiled = vl.compile(spec, { logger: vlLogger as never }).spec;
    // No background rectangle: the slide's theme background shows through.
    delete compiled.background;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Warn });
    try {
      return finishSvg(await view.toSVG(), { kind, title, description });
    } finally {
      view.finalize();
    }
  });
  return { svg, description, data };
}

function empty(kind: string, title: string, lang: Lang): Chart {
  const L = LABELS[lang];
  const description = L.chartNoDataDescription;
  return { svg: emptySvg({ kind, title, description, text: L.chartNoData }), description };
}

/** Plan vs. actual per row, as horizontal grouped bars with a "Plan"/"Ist" legend. */
export async function budgetChart(rows: BudgetRow[], opts: { lang: Lang; title: string } & BudgetSpecOptions): Promise<Chart> {
  if (!budgetHasData(rows)) return empty('budget', opts.title, opts.lang);
  const data: ChartData = { kind: 'budget', labels: rows.map((r) => r.label), plan: rows.map((r) => r.plan ?? 0), actual: rows.map((r) => r.actual ?? 0) };
  return render(budgetSpec(rows, opts.lang, opts), 'budget', opts.title, budgetDescription(rows, opts.lang), data);
}

/** Count per traffic light; each bar shows its text label and its count (WCAG 1.4.1). */
export async function statusChart(counts: StatusCount[], opts: { lang: Lang; title: string }): Promise<Chart> {
  if (!statusHasData(counts)) return empty('status', opts.title, opts.lang);
  return render(statusSpec(counts, opts.lang), 'status', opts.title, statusDescription(counts, opts.lang), { kind: 'status', counts });
}

/**
 * Activities from start to end on a time axis, milestones as markers (reached: filled diamond,
 * open: hollow circle) and a dashed rule for today. An item with only a start or only an end
 * runs to the edge of the window and is drawn lighter; an item without either shows only its
 * milestones. `from`/`to` fix the window; otherwise it spans all dates and today.
 */
export async function timelineChart(items: TimelineItem[], opts: { lang: Lang; title: string } & TimelineOptions): Promise<Chart> {
  if (!timelineHasData(items)) return empty('timeline', opts.title, opts.lang);
  const model = timelineModel(items, opts.lang, opts);
  const rows = new Map(model.keys.map((k, i) => [k, i]));
  const data: ChartData = {
    kind: 'timeline',
    rows: items.filter((i) => i.start || i.end || i.milestones.length).map((i) => i.label),
    lo: model.lo,
    hi: model.hi,
    today: model.today,
    bars: model.bars.map((b) => ({ row: rows.get(b.row) ?? 0, s: b.s, e: b.e, partial: b.opacity < 1 })),
    marks: model.marks.map((m) => ({ row: rows.get(m.row) ?? 0, t: m.t, done: m.done, title: m.title })),
  };
  return render(timelineSpec(model, opts.lang), 'timeline', opts.title, timelineDescription(model, opts.lang), data);
}
