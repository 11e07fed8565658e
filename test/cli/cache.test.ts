/**
 * The cache of derived results in the output folder (src/output/cache.ts, issue 15): only the
 * bundled command line has its disk layer, so these run the real bin. A cached build is
 * byte-identical to a fresh one; a damaged entry is made again; a folder of the cache's name
 * that ratsdeck did not make is left alone; each audience has its own folder.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');
let tmp: string;
let dir: string;

function build(...argv: string[]): void {
  const r = spawnSync(process.execPath, [BIN, 'build', '2021-09-hfa.yaml', ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.status, r.stderr).toBe(0);
}

/** Every file of a deck folder, by path. */
function deckFiles(out: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(out, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(out);
  return files;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-cache-'));
  dir = join(tmp, 'project');
  cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  writeFileSync(join(tmp, 'sentinel.txt'), 'keep');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the cache of derived results (bundled bin)', () => {
  const out = () => join(dir, 'out');
  const cache = () => join(out(), '.ratsdeck-cache');
  const entries = () => readdirSync(cache()).filter((f) => f.endsWith('.txt'));

  it('keeps sanitised SVGs, charts and stylesheets, and a cached build is byte-identical to a fresh one', () => {
    build();
    const fresh = deckFiles(join(out(), '2021-09-hfa'));
    expect(readFileSync(join(cache(), 'CACHEDIR.TAG'), 'utf8')).toMatch(/^Signature: 8a477f597d28d172789f06886806bc55\n/);
    const kinds = new Set(entries().map((f) => f.split('-')[0]));
    expect([...kinds].sort()).toEqual(['chart', 'css', 'svg']);
    build();
    expect(deckFiles(join(out(), '2021-09-hfa'))).toEqual(fresh);
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('keep');
  }, 120_000);

  it('makes a damaged entry again instead of using it', () => {
    const fresh = deckFiles(join(out(), '2021-09-hfa'));
    const damaged = entries().filter((f) => f.startsWith('chart-') || f.startsWith('svg-'));
    for (const f of damaged) {
      const text = readFileSync(join(cache(), f), 'utf8');
      writeFileSync(join(cache(), f), text.replace(/<svg/, '<svg data-damaged="1"'));
    }
    build();
    expect(deckFiles(join(out(), '2021-09-hfa'))).toEqual(fresh);
    for (const f of damaged) expect(readFileSync(join(cache(), f), 'utf8')).not.toContain('data-damaged');
  }, 120_000);

  it('leaves a folder of its name alone that it did not make, and builds the same deck', () => {
    const other = join(tmp, 'other-out');
    build('--out', other);
    rmSync(join(other, '.ratsdeck-cache'), { recursive: true });
    mkdirSync(join(other, '.ratsdeck-cache'));
    writeFileSync(join(other, '.ratsdeck-cache', 'notes.txt'), 'mine');
    const fresh = deckFiles(join(out(), '2021-09-hfa'));
    build('--out', other);
    expect(readdirSync(join(other, '.ratsdeck-cache'))).toEqual(['notes.txt']);
    expect(readFileSync(join(other, '.ratsdeck-cache', 'notes.txt'), 'utf8')).toBe('mine');
    const built = deckFiles(join(other, '2021-09-hfa'));
    expect(Object.keys(built)).toEqual(Object.keys(fresh));
    expect(built['index.html']).toEqual(fresh['index.html']);
  }, 120_000);

  it('is known as ratsdeck\'s own when the output record is gone', () => {
    rmSync(join(out(), '.ratsdeck-output.json'));
    rmSync(join(out(), '.ratsdeck-output-nichtoeffentlich.json'), { force: true });
    build();
    expect(existsSync(join(out(), '.ratsdeck-output.json'))).toBe(true);
  }, 120_000);

  it('keeps the non-public build\'s results in a folder of their own', () => {
    const before = entries();
    build('--nonpublic');
    expect(existsSync(join(out(), '.ratsdeck-cache-nichtoeffentlich', 'CACHEDIR.TAG'))).toBe(true);
    expect(entries()).toEqual(before);
  }, 120_000);
});
