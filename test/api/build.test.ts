// needs: browser
/**
 * buildProject (decks, PDFs, archive) and checkDecks through the package API, without the CLI
 * (issue 10): results and failures are returned, progress goes to the reporter, nothing is
 * printed and nothing exits.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProject, checkDecks, InvalidDataError, type Reporter } from '../../src/index.js';
import { browserPath } from '../browser/chromium.js';

const CHROMIUM = browserPath();
const SESSIONS = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const CHECK = join(import.meta.dirname, '..', 'fixtures', 'check');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-api-build-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lines(): Reporter & { all: string[] } {
  const all: string[] = [];
  return { all, info: (s) => all.push(s), warn: (s) => all.push(`warning: ${s}`), error: (m) => all.push(`error: ${m}`), problem: (p) => all.push(`problem: ${p.message}`) };
}

describe('buildProject', () => {
  it('builds the decks, prints their PDFs with one browser and writes the archive; lines go to the reporter', async () => {
    const dir = join(tmp, 'p1');
    cpSync(SESSIONS, dir, { recursive: true });
    writeFileSync(join(dir, 'kaputt.yaml'), 'title: Kaputt\nslides:\n  - type: nonsense\n');
    const report = lines();
    const r = await buildProject([], { cwd: dir, outDir: 'ausgabe', pdf: { browser: CHROMIUM, jobs: 1 }, handout: '2', reporter: report });
    const out = join(dir, 'ausgabe');
    expect(r.built.map((b) => b.id)).toEqual(['2021-05-hfa']);
    expect(r.failed.map((f) => f.file)).toEqual([join(dir, 'kaputt.yaml')]);
    expect(r.failed[0]!.error).toBeInstanceOf(InvalidDataError);
    expect(r.pdfs!.printed.map((p) => p.file)).toEqual([join(out, '2021-05-hfa', '2021-05-hfa.pdf'), join(out, '2021-05-hfa', '2021-05-hfa-handout.pdf')]);
    expect(r.pdfs!.failed).toEqual([]);
    expect(r.archives).toEqual([join(out, 'index.html')]);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('2021-05-hfa/2021-05-hfa-handout.pdf');
    expect(report.all).toContain('wrote ausgabe/index.html (session archive)');
    expect(report.all.some((l) => /^printed ausgabe\/2021-05-hfa\/2021-05-hfa\.pdf \(\d+ pages?, /.test(l))).toBe(true);
    expect(report.all).toContain('built 1 of 2 decks, 1 failed → ausgabe');
  });

  it('a non-public session is skipped for the public with a code to decide on', async () => {
    const dir = join(tmp, 'p2');
    cpSync(SESSIONS, dir, { recursive: true });
    writeFileSync(join(dir, 'vergabe.yaml'), 'title: Vergabe\nsession:\n  committee: hfa\n  date: 2021-09-23\n  public: false\nslides:\n  - type: title\n');
    const r = await buildProject(['vergabe.yaml'], { cwd: dir });
    expect(r.built).toEqual([]);
    expect(r.skipped.map((s) => s.skipReason)).toEqual(['nonpublic-session']);
    expect(existsSync(join(dir, 'out', 'vergabe'))).toBe(false);
  });
});

describe('checkDecks', () => {
  it('checks a clean deck (ok) and finds the problems of a bad one, with their places in the YAML', async () => {
    const clean = await checkDecks([join(CHECK, 'clean')], { browser: CHROMIUM, axe: false });
    expect(clean.ok).toBe(true);
    expect(clean.decks.length).toBeGreaterThan(0);
    const bad = await checkDecks([join(CHECK, 'long-title')], { browser: CHROMIUM, axe: false, strict: true });
    expect(bad.ok).toBe(false);
    expect(bad.problems.find((p) => p.path === 'title')).toMatchObject({ file: join(CHECK, 'long-title', 'deck.yaml'), line: expect.any(Number) });
  });
});
