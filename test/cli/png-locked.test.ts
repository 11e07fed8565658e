// needs: browser
/**
 * A slide's PNG open in a picture viewer while `ratsdeck png` makes it again: on Windows a
 * viewer can hold the file, so replacing it fails with EPERM. That is exit 7 naming the
 * picture and what to close, never exit 1 and never the PDF viewer's advice; the picture stays
 * as it was, and the next run, with the viewer closed, replaces it. Windows' refusal is stood
 * in for by a renameSync that throws as Windows does; the rest is the real CLI and browser.
 */
import * as realFs from 'node:fs';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, renameSync: vi.fn(fs.renameSync) };
});

const { runCli } = await import('../helpers/cli.js');
const { ExitCode } = await import('../../src/errors.js');
const actual = await vi.importActual<typeof import('node:fs')>('node:fs');

const REPO = join(import.meta.dirname, '..', '..');
let tmp: string;
let project: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-png-locked-'));
  project = join(tmp, 'projekt');
  cpSync(join(REPO, 'decks'), project, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  writeFileSync(join(tmp, 'sentinel.txt'), 'outside');
});
afterAll(() => {
  vi.mocked(realFs.renameSync).mockImplementation(actual.renameSync);
  actual.rmSync(tmp, { recursive: true, force: true });
});

describe('ratsdeck png with a picture open in a viewer', () => {
  it('is exit 7 naming the picture; the picture stays, and the next run replaces it', async () => {
    const dir = join(project, 'out', '2021-06-hsk', 'png');
    expect((await runCli(['png', '2021-06-hsk.yaml'], project, process.env)).code).toBe(0);
    const first = join(dir, '01.png');
    writeFileSync(first, 'the picture as the viewer shows it');
    vi.mocked(realFs.renameSync).mockImplementation((from, to) => {
      if (String(to) === first) throw Object.assign(new Error(`EPERM: operation not permitted, rename '${String(from)}' -> '${String(to)}'`), { code: 'EPERM', path: String(from), dest: String(to) });
      return actual.renameSync(from, to);
    });
    const r = await runCli(['png', '2021-06-hsk.yaml'], project, process.env);
    expect(r.code, r.stderr).toBe(ExitCode.OUTPUT);
    expect(r.stderr).toContain('01.png: the picture is open in another program (EPERM)');
    expect(r.stderr).toContain('close it in the picture viewer');
    expect(r.stderr).not.toContain('PDF viewer');
    expect(readFileSync(first, 'utf8')).toBe('the picture as the viewer shows it');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp') || f.startsWith('.'))).toEqual([]);

    vi.mocked(realFs.renameSync).mockImplementation(actual.renameSync);
    const again = await runCli(['png', '2021-06-hsk.yaml'], project, process.env);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(first).subarray(1, 4).toString()).toBe('PNG');
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('outside');
  });
});
