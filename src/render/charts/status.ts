/** Status chart: number of activities per traffic light, each bar with its text label and count. */
import type { TopLevelSpec } from 'vega-lite';
import { FONT, LABEL_WIDTH, MULTILINE_LABEL, WIDTH, baseConfig, heightFor, uniqueLabels, wrapLabel } from './common.js';
import { fill, formatInteger } from '../format.js';
import { LABELS } from '../i18n.js';
import { TOKENS } from './svg.js';
import type { Lang, StatusCount } from './types.js';

const LIGHTS = ['green', 'yellow', 'red', 'grey'] as const;

export function statusHasData(counts: StatusCount[]): boolean {
  return counts.some((c) => Number.isFinite(c.count) && c.count > 0);
}

export function statusSpec(counts: StatusCount[], lang: Lang): TopLevelSpec {
  const rows = counts.filter((c) => Number.isFinite(c.count));
  const keys = uniqueLabels(rows.map((c) => wrapLabel(c.label, LABEL_WIDTH, 2)));
  const values = rows.map((c, i) => ({
    row: keys[i] as string,
    light: c.light,
    count: c.count,
    // The count is printed next to the bar, so the meaning never rests on colour (WCAG 1.4.1).
    text: formatInteger(c.count, lang),
  }));
  const max = values.reduce((m, v) => Math.max(m, v.count), 1);
  return {
    width: WIDTH,
    height: heightFor(rows.length, 80, 10, 140),
    autosize: { type: 'fit', contains: 'padding' },
    padding: { top: 4, right: 8, bottom: 4, left: 4 },
    config: baseConfig(lang),
    data: { values },
    encoding: {
      y: {
        field: 'row',
        type: 'nominal',
        sort: null, // see budget.ts: the explicit domain orders the rows
        scale: { domain: keys, paddingInner: 0.3, paddingOuter: 0.15 },
        axis: {
          title: null,
          labelExpr: MULTILINE_LABEL,
          ticks: false,
          domain: false,
          labelPadding: 12,
        },
      },
      x: {
        field: 'count',
        type: 'quantitative',
        // No axis: every bar carries its count; the room on the right is for that label.
        scale: { domain: [0, max * 1.12], nice: false },
        axis: null,
      },
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 3 },
        encoding: {
          color: {
            field: 'light',
            type: 'nominal',
            scale: { domain: [...LIGHTS], range: LIGHTS.map((l) => TOKENS[l].placeholder) },
            legend: null,
          },
        },
      },
      {
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 8, fontSize: FONT.label, fontWeight: 'bold' },
        encoding: { text: { field: 'text', type: 'nominal' } },
      },
    ],
  };
}

export function statusDescription(counts: StatusCount[], lang: Lang): string {
  const rows = counts.filter((c) => Number.isFinite(c.count));
  const total = rows.reduce((s, c) => s + c.count, 0);
  const list = rows.map((c) => `${c.label}: ${formatInteger(c.count, lang)}`).join('; ');
  const n = formatInteger(total, lang);
  const L = LABELS[lang];
  return fill(L.statusDescription, { n, activities: total === 1 ? L.activityOne : L.activityMany, list });
}
