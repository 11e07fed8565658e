// needs: browser
/**
 * A city with 40 activities (issue 11, finding 10): the budget chart once drew 80 bars and the
 * timeline 40 rows into one chart, their labels on top of each other, and the overview showed 5
 * rows per slide whatever their height. Built from a generated project, then measured in the
 * real Chromium: every chart label readable and inside its chart, no slide cut or overfull.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager } from '../../src/browser/index.js';
import { chartProblems } from '../../src/check/charts.js';
import { slideFitProblems } from '../../src/check/fit.js';
import { SourceMap } from '../../src/check/locate.js';
import { measureDeck, type DeckMeasure } from '../../src/check/measure.js';
import { buildDeck, type BuildResult } from '../../src/pipeline.js';
import { LARGE_SLIDES, writeLargeProject } from '../helpers/large-project.js';
import { slideSections } from '../render/helpers.js';

let mgr: BrowserManager;
let tmp: string;
let built: BuildResult;
let measured: DeckMeasure;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-large-check-'));
  const deck = writeLargeProject(join(tmp, 'p'), 40, LARGE_SLIDES);
  built = await buildDeck(deck, { outDir: join(tmp, 'out') });
  mgr = new BrowserManager({ handleSignals: false });
  measured = await measureDeck(mgr, join(built.manifest!.path, 'index.html'), { allowedDir: built.manifest!.path, minPx: 14, noAxe: true });
}, 240_000);
afterAll(async () => {
  await mgr?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const ofType = (type: string) => measured.slides.filter((m) => m.type === type);

describe('a deck of 40 activities, measured in the browser', () => {
  it('the timeline continues over 4 slides of 10 rows, the budget chart over 5 of 8, every label measured', () => {
    const timeline = ofType('timeline');
    expect(timeline).toHaveLength(4);
    const budget = ofType('budget').filter((m) => m.charts.length > 0);
    expect(budget).toHaveLength(5);
    for (const m of [...timeline, ...budget]) {
      expect(m.charts).toHaveLength(1);
      // Positive control: the labels were found (row labels, axis labels, legend).
      expect(m.charts[0]!.labels).toBeGreaterThan(10);
      expect(m.charts[0]!.overlapCount).toBe(0);
      expect(m.charts[0]!.outside).toEqual([]);
    }
  });

  it('no slide has a chart, fit or title problem', () => {
    const src = new SourceMap(built.source!.raw);
    const problems = measured.slides.flatMap((m) => [...chartProblems(m, src), ...slideFitProblems(m, src)]);
    expect(problems.map((p) => p.message)).toEqual([]);
  });

  it('the overview fills its slides: 40 rows on 7 slides, balanced (5 or 6 each), none shrunk below 96 %', () => {
    const pages = slideSections(built.rendered!.html).filter((s) => s.type === 'activities');
    const rows = pages.map((p) => (p.html.match(/<th scope="row">/g) ?? []).length);
    expect(rows).toHaveLength(7);
    expect(rows.reduce((a, b) => a + b, 0)).toBe(40);
    for (const n of rows) expect(n === 5 || n === 6).toBe(true);
    for (const m of ofType('activities')) expect(m.fitScale ?? 1).toBeGreaterThanOrEqual(0.96);
  });

  it('the agenda lists the slides (the deck has no sections), the activity slides as one entry', () => {
    const agenda = built.rendered!.html.match(/<ol class="rd-agenda"[^>]*>([\s\S]*?)<\/ol>/)![1]!;
    const items = [...agenda.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual(['Aktivitäten im Überblick', 'Die Aktivitäten im Einzelnen (6)', 'Zeitplan', 'Haushalt: Plan und Ist']);
  });
});
