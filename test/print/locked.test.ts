// needs: browser
/**
 * A PDF open in a viewer (issue 11, finding 11): on Windows a viewer keeps the file locked, so
 * replacing it — or renaming the deck folder it sits in — fails with EPERM or EBUSY. That is
 * exit 7 with the path and "close the PDF in your PDF viewer", never "a bug in ratsdeck"
 * (exit 1), and the earlier files stay as they were. Windows' refusal is stood in for by a
 * renameSync that throws as Windows does; the rest is the real CLI and the real browser.
 */
import * as realFs from 'node:fs';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, renameSync: vi.fn(fs.renameSync) };
});

const { main } = await import('../../src/cli/main.js');
const { ExitCode } = await import('../../src/errors.js');
const actual = await vi.importActual<typeof import('node:fs')>('node:fs');

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'print');
let dir: string;
let project: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-locked-'));
  project = join(dir, 'project');
  cpSync(FIXTURE, project, { recursive: true });
  const r = await run(['pdf', '--no-handout', '.']);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.mocked(realFs.renameSync).mockImplementation(actual.renameSync);
});

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, cwd: project, env: process.env });
  return { code, out, err };
}

/** Windows' answer to replacing or moving a file that a viewer holds open. */
function lockedByViewer(code: 'EPERM' | 'EBUSY', isLocked: (from: string, to: string) => boolean): void {
  vi.mocked(realFs.renameSync).mockImplementation((from, to) => {
    if (isLocked(String(from), String(to))) {
      const what = code === 'EPERM' ? 'operation not permitted' : 'resource busy or locked';
      throw Object.assign(new Error(`${code}: ${what}, rename '${String(from)}' -> '${String(to)}'`), { code, syscall: 'rename', path: String(from), dest: String(to) });
    }
    return actual.renameSync(from, to);
  });
}

const deckDir = () => join(project, 'out', 'deck');
const pdf = () => join(deckDir(), 'deck.pdf');
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const leftovers = (d: string) => readdirSync(d).filter((f) => f.includes('.tmp-'));

describe('a PDF open in a PDF viewer', () => {
  for (const code of ['EPERM', 'EBUSY'] as const) {
    it(`printing it again (${code} on replacing it): exit 7 naming the PDF, "close the PDF in your PDF viewer", the open one unchanged`, async () => {
      const before = readFileSync(pdf());
      // The print is renamed over the open file.
      lockedByViewer(code, (_from, to) => to === pdf());
      const r = await run(['pdf', '--no-handout', '.']);
      expect(r.code, r.err).toBe(ExitCode.OUTPUT);
      expect(r.err).toMatch(new RegExp(`error: could not write \\S*${esc(join('out', 'deck', 'deck.pdf'))}: the PDF is open in another program \\(${code}\\)`));
      expect(r.err).toContain('hint: close the PDF in your PDF viewer, then run the command again');
      expect(r.err).not.toMatch(/internal error|a bug in ratsdeck/);
      expect(readFileSync(pdf()).equals(before)).toBe(true);
      expect(leftovers(deckDir())).toEqual([]);
    });
  }

  it('rebuilding the HTML (EPERM on moving the deck folder the PDF is in): exit 7 naming the folder and the PDF viewer, the output unchanged', async () => {
    const before = readFileSync(join(deckDir(), 'index.html'));
    // Windows cannot rename a folder while a file in it is open.
    lockedByViewer('EPERM', (from) => from === deckDir());
    const r = await run(['build', '.']);
    expect(r.code, r.err).toBe(ExitCode.OUTPUT);
    expect(r.err).toMatch(new RegExp(`error: could not write \\S*${esc(join('out', 'deck'))}: a file is in use or not writable \\(EPERM\\)`));
    expect(r.err).toContain('hint: close the PDF in your PDF viewer');
    expect(r.err).not.toMatch(/internal error|a bug in ratsdeck/);
    expect(readFileSync(join(deckDir(), 'index.html')).equals(before)).toBe(true);
    expect(readdirSync(deckDir())).toContain('deck.pdf');
    expect(leftovers(join(project, 'out'))).toEqual([]);
    expect(leftovers(deckDir())).toEqual([]);
  });
});
