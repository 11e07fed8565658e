/**
 * Charts whose labels cannot be read: labels on top of each other, or cut off at the edge of the
 * slide or of a box (issue 11: 40 activities put 80 budget labels into one chart). Pure: judges
 * what page-charts.ts measured, at the YAML of the slide.
 */
import type { SlideMeasure } from './page.js';
import type { CheckProblem, SourceMap } from './locate.js';

const HINT =
  'the built-in charts continue on further slides before their labels get crowded; this one is crowded anyway: a theme with a wider or larger font than the built-in ones, or your own template. Use fewer activities on the slide (select:), shorter titles, or a built-in theme';

export function chartProblems(m: SlideMeasure, src: SourceMap): CheckProblem[] {
  const out: CheckProblem[] = [];
  const at = src.slide(m.source);
  const label = `slide ${m.number}${m.type ? ` (${m.type})` : ''}`;
  for (const c of m.charts) {
    const first = c.overlaps[0];
    if (first) {
      out.push({
        ...at,
        severity: 'error',
        check: 'fit',
        rule: 'rd-chart-overlap',
        message: `${label}: ${c.overlapCount} label${c.overlapCount === 1 ? 's overlap' : ' pairs overlap'} in the ${c.kind} chart and cannot be read, e.g. "${first.a}" and "${first.b}" (${first.px} px)`,
        hint: HINT,
      });
    }
    const cut = c.outside.filter((o) => o.cut);
    const spill = c.outside.filter((o) => !o.cut);
    const worst = (list: typeof c.outside) => list.reduce((a, b) => (b.px > a.px ? b : a));
    if (cut.length) {
      const w = worst(cut);
      out.push({
        ...at,
        severity: 'error',
        check: 'fit',
        rule: 'rd-chart-cut',
        message: `${label}: ${cut.length === 1 ? 'a label' : `${cut.length} labels`} of the ${c.kind} chart cut off ${w.px} px at the ${w.edge} edge, e.g. "${w.text}"`,
        hint: HINT,
      });
    } else if (spill.length) {
      const w = worst(spill);
      out.push({
        ...at,
        severity: 'warning',
        check: 'fit',
        rule: 'rd-chart-outside',
        message: `${label}: ${spill.length === 1 ? 'a label' : `${spill.length} labels`} of the ${c.kind} chart reach ${w.px} px past the chart's ${w.edge} edge, e.g. "${w.text}"`,
        hint: HINT,
      });
    }
  }
  return out;
}
