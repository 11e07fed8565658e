/** What the three chart specs share: size, fonts, theme colours and label wrapping. */
import type { Config } from 'vega-lite';
import { vegaLocale } from './locale.js';
import { textWidth } from './measure.js';
import { FONT_PLACEHOLDER, TOKENS } from './svg.js';
import type { Lang } from './types.js';

/** Content area of a 1280×720 reveal.js slide, less margins. */
export const WIDTH = 1160;
export const MAX_HEIGHT = 520;

/** Font sizes in SVG px; the SVG scales with the slide, so these stay readable when projected. */
export const FONT = { label: 20, small: 17 } as const;

/** Widest band label (activity titles on the y axis), in px at FONT.label. */
export const LABEL_WIDTH = 340;
/**
 * A label of one line may be wider: it is cut after about 30 characters at 340 px, which leaves
 * "Digitale Schule: Ausstattung d…" (issue 11); the plot keeps about two thirds of the width.
 */
export const LABEL_WIDTH_ONE_LINE = 440;

export function labelWidth(lines: 1 | 2): number {
  return lines === 1 ? LABEL_WIDTH_ONE_LINE : LABEL_WIDTH;
}

export function baseConfig(lang: Lang): Config {
  const fg = TOKENS.fg.placeholder;
  const muted = TOKENS.muted.placeholder;
  return {
    // The inline SVG gets role="img" and a text alternative; its parts need no ARIA of their own.
    aria: false,
    font: FONT_PLACEHOLDER,
    // Intl gives 7 weekday and 12 month names; Vega's type wants fixed-length tuples.
    locale: vegaLocale(lang) as Config['locale'],
    view: { stroke: null },
    axis: {
      labelColor: fg,
      labelFont: FONT_PLACEHOLDER,
      labelFontSize: FONT.label,
      labelLimit: 0, // labels are cut to size in wrapLabel()
      titleColor: fg,
      titleFont: FONT_PLACEHOLDER,
      titleFontSize: FONT.label,
      titleFontWeight: 'normal',
      domainColor: muted,
      tickColor: muted,
      gridColor: muted,
      gridOpacity: 0.35,
    },
    legend: {
      labelColor: fg,
      labelFont: FONT_PLACEHOLDER,
      labelFontSize: FONT.label,
      labelLimit: 0,
      titleColor: fg,
      titleFont: FONT_PLACEHOLDER,
      orient: 'top',
      direction: 'horizontal',
      symbolSize: 260,
      columnPadding: 28,
    },
    text: { font: FONT_PLACEHOLDER, color: fg, fontSize: FONT.small },
  };
}

/**
 * How many bands (activities) one chart slide holds so that every axis label stays readable,
 * with labels of two lines or of one. Past these, labels overlapped (issue 11: 40 activities
 * gave 80 budget bars in 520 px). A band needs about its label's height plus a gap: two lines
 * of 20 px take about 60 px (budget: two bars beside them, 72 px), one line about 40 px.
 * Budget: (520 − 90) / 72 ≈ 6 and (520 − 90) / 52 ≈ 8; timeline: (520 − 110) / 41 = 10.
 */
export const ROWS_PER_CHART = {
  budget: { twoLines: 6, oneLine: 8 },
  timeline: { twoLines: 6, oneLine: 10 },
} as const;

export type PagedChart = keyof typeof ROWS_PER_CHART;

/**
 * The label lines of a chart with at most `rows` bands: two while they fit, else one. The same
 * for every slide of a chart that continues, so its slides look alike.
 */
export function labelLines(kind: PagedChart, rows: number): 1 | 2 {
  return rows <= ROWS_PER_CHART[kind].twoLines ? 2 : 1;
}

/** Height of a chart with `rows` bands of `step` px plus `extra` px for axes and legend. */
export function heightFor(rows: number, step: number, extra: number, min = 160): number {
  return Math.max(min, Math.min(MAX_HEIGHT, rows * step + extra));
}

/**
 * Breaks a label into at most `maxLines` lines of at most `maxWidth` px at `fontSize` (the axis
 * splits them again with labelExpr); the last line ends in "…" if text was cut. Done here, not
 * with Vega's label limit: npm installs several copies of vega-scenegraph for vega 6.2, and the
 * one that renders does not use our text measurement (measure.ts).
 */
export function wrapLabel(label: string, maxWidth: number, maxLines: number, fontSize: number = FONT.label): string {
  const fits = (s: string) => textWidth(s, fontSize) <= maxWidth;
  const ellipsize = (s: string) => {
    const chars = [...s];
    while (chars.length > 1 && !fits(`${chars.join('').trimEnd()}…`)) chars.pop();
    return `${chars.join('').trimEnd()}…`;
  };
  const words = label.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate) || !line) {
      line = candidate;
      continue;
    }
    if (lines.length + 1 === maxLines) {
      line = ellipsize(candidate);
      break;
    }
    lines.push(fits(line) ? line : ellipsize(line));
    line = word;
  }
  if (!fits(line)) line = ellipsize(line);
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Makes labels unique (a band scale merges equal values): "A", "A (2)", "A (3)". */
export function uniqueLabels(labels: string[]): string[] {
  const taken = new Set<string>();
  // Where to go on counting for each label: 5000 equal titles would otherwise take n² tries.
  const next = new Map<string, number>();
  return labels.map((l) => {
    let candidate = l;
    let n = next.get(l) ?? 2;
    while (taken.has(candidate)) candidate = `${l} (${n++})`;
    next.set(l, n);
    taken.add(candidate);
    return candidate;
  });
}

/** Axis label expression that turns "\n" in a band label into separate lines. */
export const MULTILINE_LABEL = "split(datum.label, '\\n')";
