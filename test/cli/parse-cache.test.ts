/**
 * YAML parses kept in the output folder (src/data/load.ts, src/output/cache.ts, issue 15): a
 * parse is a function of the file's name, its text and the parser, so a kept one stands for
 * parsing again. Only the bundled bin has the disk layer, so these run the real bin. What is
 * checked: the same problems at the same FILE:LINE:COL from a kept parse as from a fresh one, a
 * changed file parsed again, a damaged entry made again, and that an output folder only public
 * builds wrote to holds no parse (a parse holds the non-public items too).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');
const DECK = '2021-09-hfa.yaml';
let tmp: string;
let dir: string;

function run(...argv: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function build(...argv: string[]): void {
  const r = run('build', DECK, ...argv);
  expect(r.status, r.stderr).toBe(0);
}

const out = () => join(dir, 'out');
const nonpublicCache = () => join(out(), '.ratsdeck-cache-nichtoeffentlich');
const parses = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.startsWith('parse-')) : []);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-parse-cache-'));
  dir = join(tmp, 'project');
  cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  writeFileSync(join(tmp, 'sentinel.txt'), 'keep');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('YAML parses kept between runs (bundled bin)', () => {
  it('keeps none where only public builds wrote: not in the public cache, and no non-public folder is made', () => {
    build();
    expect(existsSync(nonpublicCache())).toBe(false);
    expect(parses(join(out(), '.ratsdeck-cache'))).toEqual([]);
    const v = run('validate', DECK);
    expect(v.status, v.stderr).toBe(0);
    expect(existsSync(nonpublicCache())).toBe(false);
  }, 120_000);

  it('keeps them in the non-public cache once a non-public build made it, and the build is the same', () => {
    build('--nonpublic');
    // ratsdeck.yaml, the deck and the three files of _data/.
    expect(parses(nonpublicCache()).length).toBe(5);
    const html = () => readFileSync(join(out(), '2021-09-hfa-nichtoeffentlich', 'index-nichtoeffentlich.html'), 'utf8');
    const fresh = html();
    build('--nonpublic');
    expect(html()).toBe(fresh);
    expect(parses(nonpublicCache()).length).toBe(5);
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('keep');
  }, 120_000);

  it.each([
    // A wrong status word: a problem of validation, placed by the kept positions.
    ['a word validation refuses', (t: string) => t.replace(/light: green/, 'light: lila'), /lila/],
    // A German thousands separator: a problem of the parse itself, kept with it.
    ['a problem of the parse', (t: string) => t.replace(/plan: (\d+)(\d{3})\b/, 'plan: $1.$2'), /decimal point/],
  ])('reports the same problems at the same places from a kept parse as from a fresh one: %s', (_, change, expected) => {
    const file = join(dir, '_data', 'activities.yaml');
    const text = readFileSync(file, 'utf8');
    const broken = change(text);
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    try {
      const cold = run('validate', DECK, '--json');
      expect(cold.status).toBe(3);
      const kept = parses(nonpublicCache()).length;
      const warm = run('validate', DECK, '--json');
      expect(warm.status).toBe(3);
      expect(warm.stdout).toBe(cold.stdout);
      const problems = JSON.parse(warm.stdout).problems as { file: string; line: number; col: number; message: string }[];
      expect(problems.some((p) => expected.test(p.message) && p.line > 1 && p.col > 1)).toBe(true);
      // The broken text was parsed once and kept; the second run parsed nothing new.
      expect(parses(nonpublicCache()).length).toBe(kept);
      // Without the cache the same answer: the kept parse is what parsing gives.
      rmSync(nonpublicCache(), { recursive: true });
      const none = run('validate', DECK, '--json');
      expect(none.stdout).toBe(cold.stdout);
    } finally {
      writeFileSync(file, text);
      build('--nonpublic');
    }
  }, 120_000);

  it('parses a changed file again and makes a damaged entry again', () => {
    build('--nonpublic');
    const deck = join(dir, DECK);
    const text = readFileSync(deck, 'utf8');
    writeFileSync(deck, text.replace(/^title: .*$/m, 'title: Geänderter Titel'));
    try {
      build('--nonpublic');
      expect(readFileSync(join(out(), '2021-09-hfa-nichtoeffentlich', 'index-nichtoeffentlich.html'), 'utf8')).toContain('Geänderter Titel');
      const damage = (f: string) => writeFileSync(join(nonpublicCache(), f), readFileSync(join(nonpublicCache(), f), 'utf8').replace(/.$/, '!'));
      const damaged = () => parses(nonpublicCache()).filter((f) => readFileSync(join(nonpublicCache(), f), 'utf8').endsWith('!'));
      parses(nonpublicCache()).forEach(damage);
      const before = damaged().length;
      build('--nonpublic');
      expect(readFileSync(join(out(), '2021-09-hfa-nichtoeffentlich', 'index-nichtoeffentlich.html'), 'utf8')).toContain('Geänderter Titel');
      // The five files read now were parsed again; entries of texts no longer current are left to pruning.
      expect(damaged().length).toBe(before - 5);
    } finally {
      writeFileSync(deck, text);
    }
  }, 120_000);
});
