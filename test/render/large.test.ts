/**
 * Charts of any size build (issue 9): a timeline or budget over thousands of activities used to
 * end in "Maximum call stack size exceeded" (exit 1). Since issue 11 they continue over further
 * slides instead of crowding one chart, so no chart holds more than a slide's rows; 1000
 * activities are 100 timeline and 125 budget charts. Built through the real CLI.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROWS_PER_CHART, uniqueLabels } from '../../src/render/charts/common.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-large-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const LIGHTS = ['green', 'yellow', 'red', 'grey'];

/** A project with `n` activities, each with dates, a milestone, a status and a budget. */
function project(n: number): string {
  const dir = join(tmp, `p${n}`);
  mkdirSync(join(dir, '_data'), { recursive: true });
  writeFileSync(join(dir, 'ratsdeck.yaml'), 'body:\n  name: Stadt Groß\n');
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const y = 2020 + (i % 5);
    const m = String(1 + (i % 12)).padStart(2, '0');
    rows.push(
      `- id: a${i}\n  title: Aktivität ${i}\n  category: administration\n  start: ${y}-${m}-01\n  end: ${y + 1}-${m}-15\n` +
        `  status:\n    light: ${LIGHTS[i % 4]}\n  milestones:\n    - title: M${i}\n      due: ${y}-${m}-20\n      done: ${i % 2 === 0}\n` +
        `  budget:\n    year: 2021\n    plan: ${1000 + i}\n    actual: ${900 + i}\n`,
    );
  }
  writeFileSync(join(dir, '_data', 'activities.yaml'), rows.join(''));
  writeFileSync(
    join(dir, 'deck.yaml'),
    'title: Groß\ndate: 2021-05-20\nslides:\n  - type: timeline\n  - type: budget\n  - type: activities\n    view: status\n',
  );
  return dir;
}

/** Every chart SVG of one kind in the deck HTML, in order. */
function charts(html: string, kind: string): string[] {
  const out: string[] = [];
  for (let start = html.indexOf(`rd-chart__svg--${kind}`); start >= 0; start = html.indexOf(`rd-chart__svg--${kind}`, start + 1)) {
    out.push(html.slice(start, html.indexOf('</svg>', start)));
  }
  expect(out.length, `${kind} charts in the deck`).toBeGreaterThan(0);
  return out;
}

/** Number of marks drawn in the first mark group of a type (`rect`: bars, `symbol`: points). */
function marks(svg: string, type: string): number {
  const open = svg.indexOf(`<g class="mark-${type} role-mark`);
  expect(open, `mark-${type} group`).toBeGreaterThan(0);
  const body = svg.slice(open, svg.indexOf('</g>', open));
  return (body.match(/<path /g) ?? []).length;
}

const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);

describe('a deck of 1000 activities', () => {
  it('builds its timeline and budget over as many slides as keep every label readable (exit 0), every activity drawn once', { timeout: 300_000 }, async () => {
    const n = 1000;
    const dir = project(n);
    const out = join(dir, 'out');
    const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', out], dir);
    expect(r.stderr).not.toMatch(/internal error|call stack/i);
    expect(r.code).toBe(0);
    const html = readFileSync(join(out, 'deck', 'index.html'), 'utf8');
    // Issue 11: 1000 bars in one 520 px chart were 0.4 px apart; a chart slide now holds at most 10 rows, balanced.
    const timeline = charts(html, 'timeline');
    expect(timeline).toHaveLength(Math.ceil(n / ROWS_PER_CHART.timeline.oneLine));
    for (const c of timeline) expect(marks(c, 'rect')).toBe(ROWS_PER_CHART.timeline.oneLine);
    expect(sum(timeline.map((c) => marks(c, 'symbol')))).toBe(n);
    expect(timeline[0]).toContain('Zeitplan von 10 Aktivitäten');
    const budget = charts(html, 'budget');
    expect(budget).toHaveLength(Math.ceil(n / ROWS_PER_CHART.budget.oneLine));
    for (const c of budget) expect(marks(c, 'rect')).toBe(2 * ROWS_PER_CHART.budget.oneLine); // plan and actual
    expect(budget[0]).toContain('für 8 Positionen');
    expect(charts(html, 'status')[0]).toContain(`Ampelstatus von ${new Intl.NumberFormat('de-DE').format(n)} Aktivitäten`);
  });
});

describe('uniqueLabels', () => {
  it('numbers thousands of equal labels without trying every number again (was quadratic)', () => {
    const started = performance.now();
    const out = uniqueLabels(Array.from({ length: 5000 }, () => 'Gleicher Titel'));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(new Set(out).size).toBe(5000);
    expect(out.slice(0, 3)).toEqual(['Gleicher Titel', 'Gleicher Titel (2)', 'Gleicher Titel (3)']);
    expect(out[4999]).toBe('Gleicher Titel (5000)');
  });

  it('does not reuse a number that a later label already had', () => {
    expect(uniqueLabels(['A', 'A (2)', 'A', 'A'])).toEqual(['A', 'A (2)', 'A (3)', 'A (4)']);
  });
});
