// needs: browser
/** `ratsdeck check` and `build --check` from the command line: exit codes, messages, --json, --strict, --pdf. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, lineOf } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-check-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (argv: string[], cwd = FIXTURES) => runCli(argv, cwd, { ...process.env, NO_COLOR: '1' });

describe('ratsdeck check', () => {
  it('exit 0 on a clean deck, also with --pdf (the printed PDFs pass their checks)', async () => {
    const r = await run(['check', 'clean', '--pdf']);
    expect(r.stderr).toMatch(/checked deck: 2 slides, 2 PDFs — 0 errors, 0 warnings/);
    expect(r.stderr).toMatch(/^ok: checked 1 build of 1 deck — 0 errors, 0 warnings/m);
    expect(r.code).toBe(0);
  });

  it('exit 3 with FILE:LINE:COL: message and a hint; --json on stdout', async () => {
    const r = await run(['check', 'status-light', '--json']);
    expect(r.code).toBe(3);
    const line = lineOf(join(FIXTURES, 'status-light', 'deck.yaml'), '- type: activities');
    expect(r.stderr).toContain(`status-light/deck.yaml:${line}:5: slides[1]: slide 2 (activities): a status is shown by colour only`);
    expect(r.stderr).toMatch(/\(put the status text next to the light/);
    const json = JSON.parse(r.stdout) as { ok: boolean; errors: number; problems: { rule: string; line: number; check: string; audience: string }[] };
    expect(json.ok).toBe(false);
    expect(json.errors).toBeGreaterThan(0);
    expect(json.problems).toContainEqual(expect.objectContaining({ rule: 'rd-colour-only', line, check: 'a11y', audience: 'public' }));
  });

  it('warnings pass, and fail with --strict', async () => {
    const plain = await run(['check', 'long-title']);
    expect(plain.stderr).toMatch(/warning: title: slide 1 \(title\): the title takes \d+ lines/);
    expect(plain.code).toBe(0);
    const strict = await run(['check', 'long-title', '--strict']);
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/^failed: .*\(--strict: warnings fail\)/m);
  });

  it('--nonpublic checks that build too; the leak check runs on the public one only', async () => {
    const r = await run(['check', 'leak', '--nonpublic', '--json']);
    const json = JSON.parse(r.stdout) as { decks: { outputId: string; audience: string }[]; problems: { rule: string; audience: string }[] };
    expect(json.decks.map((d) => [d.outputId, d.audience])).toEqual([
      ['deck', 'public'],
      ['deck-nichtoeffentlich', 'nonpublic'],
    ]);
    expect(json.problems.filter((p) => p.rule === 'rd-leak').map((p) => p.audience)).toEqual(['public']);
    expect(r.code).toBe(3);
  });

  it('build --check: the same checks after building; exit 3 on a leak', async () => {
    const out = join(tmp, 'build-check');
    const r = await run(['build', 'leak', '--check', '-o', out]);
    expect(r.stderr).toContain('wrote');
    expect(r.stderr).toMatch(/leak\/_data\/vergaben\.yaml:\d+:\d+: data\.vergaben\[1\]\.titel: text of a non-public/);
    expect(r.stderr).toMatch(/checked 1 deck: 1 error/);
    expect(r.code).toBe(3);
    const clean = await run(['build', 'clean', '--check', '-o', join(tmp, 'clean')]);
    expect(clean.code).toBe(0);
  });

  it('the example project checks clean (exit 0)', { timeout: 300_000 }, async () => {
    const r = await run(['check', 'decks'], ROOT);
    expect(r.stderr).not.toMatch(/^decks\/\S+:\d+:\d+: (?!warning: )/m);
    expect(r.stderr).toMatch(/^ok: checked \d+ builds? of \d+ decks — 0 errors/m);
    expect(r.code).toBe(0);
  });
});
