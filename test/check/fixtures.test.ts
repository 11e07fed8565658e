// needs: browser
/**
 * Each fixture project triggers one kind of problem; `ratsdeck check` must report it at the
 * YAML line that produced it. Real Chromium, one browser for the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager } from '../../src/browser/index.js';
import type { CheckProblem } from '../../src/check/locate.js';
import { checkOutput, type CheckResult } from '../../src/check/run.js';
import { buildDeck } from '../../src/pipeline.js';
import { loadDeck } from '../../src/project/project.js';
import { FIXTURES, lastLineOf, lineOf } from './helpers.js';

let mgr: BrowserManager;
let out: string;

beforeAll(() => {
  mgr = new BrowserManager({ handleSignals: false });
  out = mkdtempSync(join(tmpdir(), 'ratsdeck-check-test-'));
});
afterAll(async () => {
  await mgr.close();
  rmSync(out, { recursive: true, force: true });
});

async function check(name: string): Promise<CheckResult & { deck: string }> {
  const deck = join(FIXTURES, name, 'deck.yaml');
  const built = await buildDeck(deck, { outDir: join(out, name), handout: '3' });
  const loaded = loadDeck(deck);
  const result = await checkOutput(mgr, {
    raw: loaded.raw!,
    extraData: loaded.extraData,
    locateExtra: loaded.locateExtra,
    output: built.manifest!.path,
    outputId: built.outputId,
    audience: 'public',
    slideTitles: built.rendered!.slides.map((s) => s.title),
  });
  return { ...result, deck };
}

function only(problems: CheckProblem[], rule: string): CheckProblem[] {
  return problems.filter((p) => p.rule === rule);
}

describe('ratsdeck check on fixtures', () => {
  it('a clean deck has no problems', async () => {
    const r = await check('clean');
    expect(r.problems).toEqual([]);
    expect(r.slides).toBe(2);
  });

  it('an overlong title: reported at the title field of each slide', async () => {
    const r = await check('long-title');
    const long = only(r.problems, 'rd-title-long').concat(only(r.problems, 'rd-fit-title'));
    const lines = long.map((p) => [p.path, p.line]);
    expect(lines).toContainEqual(['title', lineOf(r.deck, 'title: "Bericht')]);
    expect(lines).toContainEqual(['slides[1].title', lineOf(r.deck, 'Haushaltsstrukturkommission')]);
    expect(lines).toContainEqual(['slides[3].title', lastLineOf(r.deck, '    title: "Bericht')]);
    // The short title next to them is fine.
    expect(r.problems.filter((p) => p.path.startsWith('slides[2]'))).toEqual([]);
  });

  it('a title of three lines that fits: a warning at the title field (issue 11: only four lines were one)', async () => {
    const r = await check('long-title');
    const found = r.problems.filter((p) => p.path === 'slides[4].title');
    expect(found).toEqual([
      expect.objectContaining({ rule: 'rd-title-long', severity: 'warning', line: lineOf(r.deck, 'title: "Stand der Digitalisierung'), message: 'slide 5 (text): the title takes 3 lines' }),
    ]);
  });

  it('a slide that shows nothing but its title: an error at the slide entry; a section slide is its title', async () => {
    const r = await check('empty-slide');
    const found = only(r.problems, 'rd-empty-slide');
    expect(found).toEqual([
      expect.objectContaining({ file: r.deck, line: lineOf(r.deck, '- type: agenda'), path: 'slides[1]', severity: 'error', check: 'fit', message: 'slide 2 (agenda): shows nothing but its title "Gliederung"' }),
    ]);
  });

  it('chart labels on top of each other, and one cut off at the slide edge: errors at the slide entry', async () => {
    const r = await check('crowded-chart');
    const at = { file: r.deck, line: lineOf(r.deck, '- type: text'), path: 'slides[1]', severity: 'error', check: 'fit' };
    const [overlap, ...more] = only(r.problems, 'rd-chart-overlap');
    expect(more).toEqual([]);
    expect(overlap).toMatchObject(at);
    // Three labels 6 px apart: 1-2, 1-3 and 2-3 overlap.
    expect(overlap!.message).toMatch(/^slide 2 \(text\): 3 label pairs overlap in the eigen chart and cannot be read, e\.g\. "Erste Beschriftung" and "Zweite Beschriftung"/);
    const [cut] = only(r.problems, 'rd-chart-cut');
    expect(cut).toMatchObject(at);
    expect(cut!.message).toMatch(/a label of the eigen chart cut off \d+ px at the right edge, e\.g\. "Zu weit rechts hinaus"/);
  });

  it('a 40-row table in a custom template: content cut off, at the slide entry', async () => {
    const r = await check('long-table');
    const [p] = only(r.problems, 'rd-fit-overflow');
    expect(p).toMatchObject({ file: r.deck, line: lineOf(r.deck, '- type: text'), path: 'slides[1]', severity: 'error', check: 'fit' });
    expect(p!.message).toMatch(/slide 2 \(text\): content runs \d+ px past the bottom edge of the slide and is cut off: <table/);
    expect(p!.hint).toMatch(/rows/);
  });

  it('an image without alt in a custom template: axe-core image-alt, at the slide entry', async () => {
    const r = await check('image-alt');
    const [p] = only(r.problems, 'image-alt');
    expect(p).toMatchObject({ file: r.deck, line: lineOf(r.deck, '- type: text'), severity: 'error', check: 'a11y' });
    expect(p!.message).toContain('<img src="assets/');
  });

  it('a low-contrast custom theme: color-contrast with the measured ratio, at theme:', async () => {
    const r = await check('low-contrast');
    const found = only(r.problems, 'color-contrast');
    // One problem for the theme, naming every slide it spoils.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: r.deck, line: lineOf(r.deck, 'theme: low.css'), path: 'theme', severity: 'error' });
    expect(found[0]!.message).toMatch(/^slide 1 \(title\): .*contrast 1\.\d+:1, needs (3|4\.5):1 \(#c8c8c8 on #ffffff\).*\(the same on slide 2\)$/);
  });

  it('the example theme passes the contrast rule for real (measured, not left incomplete)', async () => {
    const r = await check('clean');
    expect(r.problems.filter((p) => p.rule === 'color-contrast')).toEqual([]);
  });

  it('a status light without its label: colour only, at the slide entry', async () => {
    const r = await check('status-light');
    const [p] = only(r.problems, 'rd-colour-only');
    expect(p).toMatchObject({ file: r.deck, line: lineOf(r.deck, '- type: activities'), severity: 'error', check: 'a11y' });
    expect(p!.message).toMatch(/shown by colour only \(green\).*and 1 more/);
  });

  it('a remote image: an outside request naming the URL, at the slide entry', async () => {
    const r = await check('remote-image');
    const [p, ...rest] = only(r.problems, 'rd-outside-request');
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ file: r.deck, line: lineOf(r.deck, '- type: text'), severity: 'error', check: 'request' });
    expect(p!.message).toContain('https://example.invalid/x.png from another host');
  });

  it('non-public custom data printed by a custom template: a leak, at the non-public field', async () => {
    const r = await check('leak');
    const data = join(FIXTURES, 'leak', '_data', 'vergaben.yaml');
    const leaks = only(r.problems, 'rd-leak');
    expect(leaks).toHaveLength(1);
    expect(leaks[0]).toMatchObject({ file: data, line: lineOf(data, 'Zuschlag Rechenzentrum'), path: 'data.vergaben[1].titel', check: 'leak' });
    expect(leaks[0]!.message).toContain('deck/index.html (slide 2)');
    expect(leaks[0]!.message).toContain('deck/handout.html');
    // The leaked text itself never appears in the report (it would end up in CI logs).
    expect(JSON.stringify(r.problems)).not.toContain('Muster-IT');
    // The non-public activity was filtered by the audience stage and does not leak.
    expect(r.problems.filter((p) => p.path.startsWith('activities'))).toEqual([]);
  });
});
