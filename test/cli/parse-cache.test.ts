/**
 * YAML parses kept in the output folder (src/data/load.ts, src/output/cache.ts, issue 15): a
 * parse is a function of the file's name, its text and the parser, so a kept one stands for
 * parsing again. Only the bundled bin has the disk layer, so these run the real bin. What is
 * checked: a kept parse is read (an entry changed on purpose shows), problems come out at the
 * same FILE:LINE:COL from kept parses as from fresh ones, a changed file is parsed again, a
 * damaged entry is made again, only a build that wrote its output writes entries, and an
 * output folder only public builds wrote to holds no parse (a parse holds the non-public items).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
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
const nonpublicCache = (o = out()) => join(o, '.ratsdeck-cache-nichtoeffentlich');
const parses = (folder: string) => (existsSync(folder) ? readdirSync(folder).filter((f) => f.startsWith('parse-')).sort() : []);
const nonpublicHtml = () => readFileSync(join(out(), '2021-09-hfa-nichtoeffentlich', 'index-nichtoeffentlich.html'), 'utf8');
/** Every entry of the folder with the digest of its bytes, to see that nothing was written (a read touches only the time). */
const snapshot = (folder: string) =>
  existsSync(folder) ? readdirSync(folder).sort().map((f) => `${f} ${createHash('sha256').update(readFileSync(join(folder, f))).digest('hex')}`) : [];

/** A cache entry: "ratsdeck-cache 1 <sha256 of the value>\n<value>", the value the base64 of a v8 serialisation. */
const readEntry = (file: string) => deserialize(Buffer.from(readFileSync(file, 'utf8').split('\n')[1]!, 'base64')) as { value: unknown };
const writeEntry = (file: string, kept: unknown) => {
  const value = Buffer.from(serialize(kept)).toString('base64');
  writeFileSync(file, `ratsdeck-cache 1 ${createHash('sha256').update(value).digest('hex')}\n${value}`);
};

function withChanged(file: string, change: (t: string) => string, fn: () => void): void {
  const text = readFileSync(file, 'utf8');
  const changed = change(text);
  expect(changed).not.toBe(text);
  writeFileSync(file, changed);
  try {
    fn();
  } finally {
    writeFileSync(file, text);
  }
}

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

  it('keeps none in a non-public cache folder where no non-public build wrote its output', () => {
    const other = join(tmp, 'public-only');
    build('--out', other);
    // A non-public cache folder without a non-public build's output (one that failed, say).
    mkdirSync(nonpublicCache(other));
    cpSync(join(other, '.ratsdeck-cache', 'CACHEDIR.TAG'), join(nonpublicCache(other), 'CACHEDIR.TAG'));
    build('--out', other);
    expect(parses(nonpublicCache(other))).toEqual([]);
  }, 120_000);

  it('keeps them in the non-public cache once a non-public build wrote there, and the build is the same', () => {
    build('--nonpublic');
    // ratsdeck.yaml, the deck and the three files of _data/.
    expect(parses(nonpublicCache()).length).toBe(5);
    const fresh = nonpublicHtml();
    build('--nonpublic');
    expect(nonpublicHtml()).toBe(fresh);
    expect(parses(nonpublicCache()).length).toBe(5);
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('keep');
  }, 120_000);

  it('reads a kept parse instead of parsing the file (an entry changed on purpose shows in the deck)', () => {
    const folder = nonpublicCache();
    const deckEntry = parses(folder).find((f) => {
      const v = readEntry(join(folder, f)).value as { slides?: unknown } | undefined;
      return !!v && typeof v === 'object' && Array.isArray(v.slides);
    })!;
    expect(deckEntry).toBeDefined();
    const kept = readEntry(join(folder, deckEntry)) as { value: { title: string } };
    kept.value.title = 'Titel aus dem Cache';
    writeEntry(join(folder, deckEntry), kept);
    try {
      build('--nonpublic');
      expect(nonpublicHtml()).toContain('Titel aus dem Cache');
    } finally {
      rmSync(join(folder, deckEntry), { force: true });
      build('--nonpublic');
    }
    expect(nonpublicHtml()).not.toContain('Titel aus dem Cache');
  }, 120_000);

  it('reports a problem at the same place from kept parses as from fresh ones', () => {
    // The deck's parse is kept; its reference to an activity no longer there is found at the
    // deck's line and column, which come from the kept positions.
    withChanged(join(dir, '_data', 'activities.yaml'), (t) => t.replace(/^(\s*- id:|\s*id:) e-akte$/m, '$1 e-akte-alt'), () => {
      const warm = run('validate', DECK, '--json');
      expect(warm.status).toBe(3);
      const problems = JSON.parse(warm.stdout).problems as { file: string; line: number; col: number; message: string }[];
      const at = problems.find((p) => p.message.includes('"e-akte"'));
      expect(at?.file).toBe(DECK);
      expect(at!.line).toBeGreaterThan(100);
      expect(at!.col).toBeGreaterThan(1);
      const saved = join(tmp, 'cache-saved');
      cpSync(nonpublicCache(), saved, { recursive: true });
      rmSync(nonpublicCache(), { recursive: true, force: true });
      try {
        expect(run('validate', DECK, '--json').stdout).toBe(warm.stdout);
      } finally {
        cpSync(saved, nonpublicCache(), { recursive: true });
        rmSync(saved, { recursive: true, force: true });
      }
    });
  }, 120_000);

  it('writes entries only from a build that wrote its output: not from validate, not from an invalid deck', () => {
    const before = snapshot(nonpublicCache());
    withChanged(join(dir, DECK), (t) => t.replace(/^title: .*$/m, 'title: Nur geprüft'), () => {
      expect(run('validate', DECK).status).toBe(0);
      expect(snapshot(nonpublicCache())).toEqual(before);
    });
    withChanged(join(dir, '_data', 'activities.yaml'), (t) => t.replace(/light: green/, 'light: lila'), () => {
      expect(run('build', DECK, '--nonpublic').status).toBe(3);
      expect(snapshot(nonpublicCache())).toEqual(before);
    });
  }, 120_000);

  it('leaves the default output folder\'s cache alone when a build writes elsewhere: not even read', () => {
    // A read touches an entry's time (for pruning the least recently used).
    const times = () => readdirSync(nonpublicCache()).sort().map((f) => `${f} ${statSync(join(nonpublicCache(), f)).mtimeMs}`);
    const before = times();
    build('--out', join(tmp, 'elsewhere'));
    build('--out', join(tmp, 'elsewhere'), '--nonpublic');
    expect(times()).toEqual(before);
  }, 120_000);

  it('parses a changed file again and makes a damaged entry again', () => {
    build('--nonpublic');
    withChanged(join(dir, DECK), (t) => t.replace(/^title: .*$/m, 'title: Geänderter Titel'), () => {
      build('--nonpublic');
      expect(nonpublicHtml()).toContain('Geänderter Titel');
      // One entry per file: the changed text replaced the deck's, the folder does not grow.
      expect(parses(nonpublicCache()).length).toBe(5);
      const damage = (f: string) => writeFileSync(join(nonpublicCache(), f), readFileSync(join(nonpublicCache(), f), 'utf8').replace(/.$/, '!'));
      const damaged = () => parses(nonpublicCache()).filter((f) => readFileSync(join(nonpublicCache(), f), 'utf8').endsWith('!'));
      parses(nonpublicCache()).forEach(damage);
      const before = damaged().length;
      build('--nonpublic');
      expect(nonpublicHtml()).toContain('Geänderter Titel');
      expect(before).toBe(5);
      expect(damaged()).toEqual([]);
    });
  }, 120_000);
});
