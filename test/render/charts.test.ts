import { afterEach, describe, expect, it, vi } from 'vitest';
import { budgetChart, budgetExtent, labelLines, ROWS_PER_CHART, statusChart, timelineChart, timelineWindow } from '../../src/render/charts.js';
import { budgetSpec } from '../../src/render/charts/budget.js';
import type { BudgetRow, StatusCount, TimelineItem } from '../../src/render/charts.js';

const NASTY = '<script>alert(1)</script> & "x"';
const NASTY_ESCAPED = '&lt;script&gt;alert(1)&lt;/script&gt; &amp;';

const budgetRows: BudgetRow[] = [
  { label: 'Digitales Rathaus – Online-Dienste nach OZG', plan: 1_234_000, actual: 987_000 },
  { label: 'Smart-City-Modellprojekt Phase 2', plan: 2_500_000, actual: 1_100_000 },
  { label: NASTY, plan: 350_000 },
  { label: 'Glasfaser Schulen', actual: 12_500.5 },
];
const statusCounts: StatusCount[] = [
  { light: 'green', label: 'Grün – im Plan', count: 7 },
  { light: 'yellow', label: 'Gelb – Verzug', count: 3 },
  { light: 'red', label: NASTY, count: 1 },
  { light: 'grey', label: 'Grau – nicht bewertet', count: 0 },
];
const timelineItems: TimelineItem[] = [
  {
    label: 'Digitales Rathaus',
    start: '2021-01-15',
    end: '2023-06-30',
    milestones: [
      { title: 'Portal live', due: '2021-09-01', done: true },
      { title: 'E-Akte', due: '2022-11-01' },
    ],
  },
  { label: 'Smart City Phase 2', start: '2022-03-01', milestones: [{ title: 'Strategie', due: '2022-06-01', done: true }] },
  { label: NASTY, end: '2022-12-31', milestones: [] },
  { label: 'Nur Meilensteine', milestones: [{ title: 'Beirat', due: '2022-02-01' }] },
];
const TODAY = '2022-03-15';

/** Start and end tags balance: the post-processing did not break the markup. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, selfClosing] = m;
    if (selfClosing) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name as string);
  }
  expect(stack).toEqual([]);
}

function expectSafe(svg: string): void {
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/href/i);
  expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
  expect(svg).not.toContain('<foreignObject');
}

function expectAccessibleRoot(svg: string, title: string): void {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  expect(root).toContain('role="img"');
  expect(root).toContain(`aria-label="${title}"`);
  expect(root).toContain('width="100%"');
  expect(root).toMatch(/viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
  expect(root).not.toMatch(/\sheight=/);
  expect(svg).toContain(`<title>${title}</title>`);
}

/** Themed: placeholders replaced by CSS custom properties with a fallback, the font inherited. */
function expectThemed(svg: string, vars: string[]): void {
  expect(svg).not.toMatch(/#0f0e0\d/i);
  for (const v of ['--rd-fg', ...vars]) expect(svg).toContain(`var(${v}, #`);
  expect(svg).toContain('font-family="inherit"');
  expect(svg).not.toContain('rdchartfont');
  expect(svg).not.toContain('fill="white"'); // no background rectangle
}

function viewBoxSize(svg: string): [number, number] {
  const m = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
  return [Number(m?.[1]), Number(m?.[2])];
}

let warn: ReturnType<typeof vi.spyOn>;
afterEach(() => {
  // Vega and Vega-Lite report spec problems as warnings; our specs must not cause any.
  expect(warn).not.toHaveBeenCalled();
  warn.mockRestore();
});
function watchWarnings() {
  warn = vi.spyOn(console, 'warn');
}

describe('budgetChart', () => {
  it('renders plan vs. actual as themed, accessible, safe SVG', async () => {
    watchWarnings();
    const chart = await budgetChart(budgetRows, { lang: 'de', title: 'Haushalt 2021' });
    expect(chart.svg.startsWith('<svg')).toBe(true);
    expectAccessibleRoot(chart.svg, 'Haushalt 2021');
    expectWellFormed(chart.svg);
    expectSafe(chart.svg);
    expectThemed(chart.svg, ['--rd-muted', '--rd-chart-plan', '--rd-chart-actual']);
    expect(chart.svg).toContain('Glasfaser Schulen');
    expect(chart.svg).toContain(NASTY_ESCAPED);
    expect(chart.svg).toContain('>Plan<');
    expect(chart.svg).toContain('>Ist<');
    // German money on the axis and on the bars, with U+00A0 as Intl de-DE writes it.
    expect(chart.svg).toContain('>1\u00a0Mio.\u00a0€<');
    expect(chart.svg).toContain('>1,2\u00a0Mio.\u00a0€<');
    expect(chart.svg).toContain('>987.000\u00a0€<');
    const [w, h] = viewBoxSize(chart.svg);
    expect(w).toBeLessThanOrEqual(1160);
    expect(h).toBeLessThanOrEqual(520);
  });

  it('describes the totals in German money format', async () => {
    watchWarnings();
    const { description } = await budgetChart(budgetRows, { lang: 'de', title: 'Haushalt' });
    expect(description).toContain('Plan gesamt 4.084.000\u00a0€');
    expect(description).toContain('Ist 2.099.500,50\u00a0€');
    expect(description).toContain('(51\u00a0% des Plans)');
    expect(description).toContain('Höchster Planansatz: „Smart-City-Modellprojekt Phase 2“ mit 2.500.000\u00a0€');
  });

  it('formats 1.234.000 € like Intl de-DE in a one-row description', async () => {
    watchWarnings();
    const { description } = await budgetChart([{ label: 'A', plan: 1_234_000 }], { lang: 'de', title: 'H' });
    expect(description).toContain('1.234.000\u00a0€');
    expect(description).toContain(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 }).format(1_234_000));
  });

  it('uses full amounts on the axis below a million', async () => {
    watchWarnings();
    const { svg } = await budgetChart([{ label: 'A', plan: 400_000, actual: 250_000 }], { lang: 'de', title: 'H' });
    expect(svg).toContain('>400.000\u00a0€<');
    expect(svg).not.toContain('Mio.');
  });

  it('has an English variant', async () => {
    watchWarnings();
    const chart = await budgetChart(budgetRows, { lang: 'en', title: 'Budget 2021' });
    expect(chart.svg).toContain('>Plan<');
    expect(chart.svg).toContain('>Actual<');
    expect(chart.svg).not.toContain('>Ist<');
    // en-GB, like every English value (issue 10): "€1m", not en-US "€1M".
    expect(chart.svg).toContain('>€1m<');
    expect(chart.svg).toContain('>€987,000<');
    expect(chart.description).toContain('Total plan €4,084,000');
    expect(chart.description).toContain('actual €2,099,500.50 (51% of plan)');
  });

  it('is byte-identical across calls', async () => {
    watchWarnings();
    const a = await budgetChart(budgetRows, { lang: 'de', title: 'H' });
    await statusChart(statusCounts, { lang: 'de', title: 'S' });
    const b = await budgetChart(budgetRows, { lang: 'de', title: 'H' });
    expect(b.svg).toBe(a.svg);
    expect(b.description).toBe(a.description);
  });

  it('says "keine Daten" / "no data" for empty input', async () => {
    watchWarnings();
    for (const rows of [[], [{ label: 'ohne Beträge' }]]) {
      const de = await budgetChart(rows, { lang: 'de', title: 'Haushalt' });
      expectAccessibleRoot(de.svg, 'Haushalt');
      expectWellFormed(de.svg);
      expect(de.svg).toContain('>keine Daten<');
      expect(de.description).toBe('Keine Daten vorhanden.');
    }
    const en = await budgetChart([], { lang: 'en', title: 'Budget' });
    expect(en.svg).toContain('>no data<');
    expect(en.description).toBe('No data available.');
  });
});

describe('statusChart', () => {
  it('labels every bar with its text and its count', async () => {
    watchWarnings();
    const chart = await statusChart(statusCounts, { lang: 'de', title: 'Status' });
    expectAccessibleRoot(chart.svg, 'Status');
    expectWellFormed(chart.svg);
    expectSafe(chart.svg);
    expectThemed(chart.svg, ['--rd-green', '--rd-yellow', '--rd-red']);
    for (const label of ['Grün – im Plan', 'Gelb – Verzug', 'Grau – nicht bewertet', NASTY_ESCAPED]) {
      expect(chart.svg).toContain(label);
    }
    for (const count of ['>7<', '>3<', '>1<', '>0<']) expect(chart.svg).toContain(count);
    expect(chart.description).toBe(
      'Ampelstatus von 11 Aktivitäten – Grün – im Plan: 7; Gelb – Verzug: 3; <script>alert(1)</script> & "x": 1; Grau – nicht bewertet: 0.',
    );
  });

  it('has an English variant', async () => {
    watchWarnings();
    const chart = await statusChart([{ light: 'green', label: 'on track', count: 1 }], { lang: 'en', title: 'Status' });
    expect(chart.description).toBe('Status of 1 activity – on track: 1.');
    expect(chart.svg).toContain('>on track<');
  });

  it('is byte-identical across calls, including its clip-path ids', async () => {
    watchWarnings();
    const a = await statusChart(statusCounts, { lang: 'de', title: 'S' });
    await statusChart(statusCounts.slice(1), { lang: 'de', title: 'S' });
    const b = await statusChart(statusCounts, { lang: 'de', title: 'S' });
    expect(b.svg).toBe(a.svg);
    // Every reference points at an id in the same SVG.
    const ids = new Set([...a.svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const m of a.svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids.has(m[1])).toBe(true);
  });

  it('says "keine Daten" for no counts', async () => {
    watchWarnings();
    const chart = await statusChart([], { lang: 'de', title: 'Status' });
    expect(chart.svg).toContain('>keine Daten<');
    const zeros = await statusChart([{ light: 'green', label: 'im Plan', count: 0 }], { lang: 'en', title: 'Status' });
    expect(zeros.svg).toContain('>no data<');
  });
});

describe('timelineChart', () => {
  it('draws bars, milestones and the today rule', async () => {
    watchWarnings();
    const chart = await timelineChart(timelineItems, { lang: 'de', title: 'Zeitplan', today: TODAY });
    expectAccessibleRoot(chart.svg, 'Zeitplan');
    expectWellFormed(chart.svg);
    expectSafe(chart.svg);
    expectThemed(chart.svg, ['--rd-muted', '--rd-chart-plan', '--rd-red']);
    for (const label of ['Digitales Rathaus', 'Smart City Phase 2', 'Nur Meilensteine', NASTY_ESCAPED]) {
      expect(chart.svg).toContain(label);
    }
    expect(chart.svg).toContain('>heute<');
    expect(chart.svg).toContain('stroke-dasharray="8,5"');
    // German month labels; reached and open milestones in the legend.
    expect(chart.svg).toContain('>Jan. 2022<');
    expect(chart.svg).toContain('>Meilenstein erreicht<');
    expect(chart.svg).toContain('>Meilenstein offen<');
    expect(chart.description).toBe(
      'Zeitplan von 4 Aktivitäten, Januar 2021 bis Juni 2023 (heute: 15.03.2022). 2 von 4 Meilensteinen erreicht, 1 überfällig; nächster: „E-Akte“ am 01.11.2022.',
    );
  });

  it('distinguishes reached and open milestones by shape', async () => {
    watchWarnings();
    const one = (done: boolean) =>
      timelineChart([{ label: 'A', start: '2022-01-01', end: '2022-12-31', milestones: [{ title: 'M', due: '2022-06-01', done }] }], {
        lang: 'de',
        title: 'Z',
        today: TODAY,
      });
    const diamond = /d="M-?[\d.]+,0L0,-[\d.]+L[\d.]+,0L0,[\d.]+Z"/; // the marker's path
    const circle = /d="M[\d.]+,0A[\d.]+,[\d.]+,0,1,1,-[\d.]+,0A/;
    const reached = (await one(true)).svg;
    const open = (await one(false)).svg;
    // Both legends show both shapes; the plot has one more of the milestone's own shape.
    const count = (svg: string, re: RegExp) => svg.match(new RegExp(re.source, 'g'))?.length ?? 0;
    expect(count(reached, diamond)).toBe(count(open, diamond) + 1);
    expect(count(open, circle)).toBe(count(reached, circle) + 1);
  });

  it('keeps to the window given by from/to and omits today outside it', async () => {
    watchWarnings();
    const chart = await timelineChart(timelineItems, { lang: 'de', title: 'Z', from: '2021-01-01', to: '2021-12-31', today: TODAY });
    expect(chart.svg).not.toContain('>heute<');
    expect(chart.description).toContain('Januar 2021 bis Dezember 2021');
    expect(chart.description).toContain('1 von 1 Meilensteinen erreicht');
  });

  it('has an English variant', async () => {
    watchWarnings();
    const chart = await timelineChart(timelineItems, { lang: 'en', title: 'Schedule', today: TODAY });
    expect(chart.svg).toContain('>today<');
    expect(chart.svg).toContain('>Jan 2022<');
    expect(chart.svg).toContain('>Milestone reached<');
    expect(chart.description).toBe(
      'Schedule of 4 activities, January 2021 to June 2023 (today: 15/03/2022). 2 of 4 milestones reached, 1 overdue; next: “E-Akte” on 01/11/2022.',
    );
  });

  it('is byte-identical across calls', async () => {
    watchWarnings();
    const a = await timelineChart(timelineItems, { lang: 'de', title: 'Z', today: TODAY });
    const b = await timelineChart(timelineItems, { lang: 'de', title: 'Z', today: TODAY });
    expect(b.svg).toBe(a.svg);
  });

  it('says "keine Daten" when nothing has a date', async () => {
    watchWarnings();
    for (const items of [[], [{ label: 'ohne Termine', milestones: [] }]]) {
      const chart = await timelineChart(items, { lang: 'de', title: 'Zeitplan', today: TODAY });
      expect(chart.svg).toContain('>keine Daten<');
      expectWellFormed(chart.svg);
    }
  });
});

describe('charts that continue over several slides (issue 11)', () => {
  const many = (n: number): BudgetRow[] => Array.from({ length: n }, (_, i) => ({ label: `Aktivität ${i + 1} mit einem längeren Titel für zwei Zeilen`, plan: 10_000 * (i + 1), actual: 5_000 * (i + 1) }));

  it('every slide of one budget chart has the same scale (the extent of all rows), not its own', () => {
    const rows = many(16);
    const extent = budgetExtent(rows);
    const domain = (spec: ReturnType<typeof budgetSpec>) => (spec as { encoding: { x: { scale: { domain: number[] } } } }).encoding.x.scale.domain;
    const first = budgetSpec(rows.slice(0, 8), 'de', { extent });
    const second = budgetSpec(rows.slice(8), 'de', { extent });
    expect(domain(first)).toEqual(domain(second));
    expect(domain(first)[1]).toBeGreaterThan(160_000);
    expect(domain(budgetSpec(rows.slice(0, 8), 'de'))[1]).toBeLessThan(domain(first)[1]!);
  });

  it('labels of two lines for up to six rows a slide, one line for more; the same on every slide when given', () => {
    const keys = (spec: ReturnType<typeof budgetSpec>) => (spec as { encoding: { y: { scale: { domain: string[] } } } }).encoding.y.scale.domain;
    expect(keys(budgetSpec(many(6), 'de')).some((k) => k.includes('\n'))).toBe(true);
    expect(keys(budgetSpec(many(7), 'de')).some((k) => k.includes('\n'))).toBe(false);
    expect(keys(budgetSpec(many(3), 'de', { lines: 1 })).some((k) => k.includes('\n'))).toBe(false);
    expect(labelLines('budget', ROWS_PER_CHART.budget.twoLines)).toBe(2);
    expect(labelLines('timeline', ROWS_PER_CHART.timeline.twoLines + 1)).toBe(1);
  });

  it('every slide of one timeline spans the same window', async () => {
    watchWarnings();
    const items: TimelineItem[] = [
      { label: 'Früh', start: '2019-01-01', end: '2019-12-31', milestones: [] },
      { label: 'Spät', start: '2024-01-01', end: '2024-12-31', milestones: [] },
    ];
    const window = timelineWindow(items, { today: TODAY });
    const a = await timelineChart(items.slice(0, 1), { lang: 'de', title: 'Z', today: TODAY, window });
    const b = await timelineChart(items.slice(1), { lang: 'de', title: 'Z', today: TODAY, window });
    expect(a.description).toContain('Januar 2019 bis Dezember 2024');
    expect(b.description).toContain('Januar 2019 bis Dezember 2024');
  });
});
