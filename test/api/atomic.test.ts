/**
 * Snapshots and the session archive are written atomically (issue 10, finding 9): a write that
 * fails half-way (disk full) or at the rename (a file in use) leaves the previous file byte for
 * byte, no partial file and no temporary file, and ends in exit 7 with the path.
 */
import * as realFs from 'node:fs';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, writeFileSync: vi.fn(fs.writeFileSync), renameSync: vi.fn(fs.renameSync) };
});

const { buildProject, ExitCode, freezeDeck, OutputError } = await import('../../src/index.js');
const actual = await vi.importActual<typeof import('node:fs')>('node:fs');

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-api-atomic-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  vi.mocked(realFs.writeFileSync).mockImplementation(actual.writeFileSync);
  vi.mocked(realFs.renameSync).mockImplementation(actual.renameSync);
});
let n = 0;
function project(): string {
  const dir = join(tmp, `p${++n}`);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** Writes the first half of what is written to a temporary file named like `target`, then fails. */
function failHalfWayInto(target: string): void {
  vi.mocked(realFs.writeFileSync).mockImplementation((file, data, opts) => {
    if (String(file).includes(`.${target}.tmp-`)) {
      actual.writeFileSync(file, String(data).slice(0, String(data).length / 2));
      throw enospc();
    }
    return actual.writeFileSync(file, data, opts);
  });
}

function catchErr(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
}

describe('snapshots (freezeDeck)', () => {
  it('a write that fails half-way leaves the previous snapshot and no partial file', () => {
    const dir = project();
    const sessions = join(dir, '_sessions');
    freezeDeck({ deck: '2021-05-hfa', cwd: dir, fromCurrentData: true });
    const before = readFileSync(join(sessions, '2021-05-hfa.json'), 'utf8');
    writeFileSync(join(dir, '2021-05-hfa.yaml'), readFileSync(join(dir, '2021-05-hfa.yaml'), 'utf8').replace('result: zur Kenntnis genommen', 'result: vertagt'));
    failHalfWayInto('2021-05-hfa.json');
    const err = catchErr(() => freezeDeck({ deck: '2021-05-hfa', cwd: dir, force: true }));
    expect(err).toBeInstanceOf(OutputError);
    expect((err as InstanceType<typeof OutputError>).exitCode).toBe(ExitCode.OUTPUT);
    expect((err as Error).message).toContain('the disk is full');
    expect(readFileSync(join(sessions, '2021-05-hfa.json'), 'utf8')).toBe(before);
    expect(readdirSync(sessions)).toEqual(['2021-05-hfa.json']);
  });

  it('a rename that fails (the file in use) leaves the previous snapshot and no temporary file', () => {
    const dir = project();
    const sessions = join(dir, '_sessions');
    freezeDeck({ deck: '2021-05-hfa', cwd: dir, fromCurrentData: true });
    const before = readFileSync(join(sessions, '2021-05-hfa.json'), 'utf8');
    vi.mocked(realFs.renameSync).mockImplementation(() => {
      throw Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
    });
    expect(catchErr(() => freezeDeck({ deck: '2021-05-hfa', cwd: dir, force: true }))).toBeInstanceOf(OutputError);
    expect(readFileSync(join(sessions, '2021-05-hfa.json'), 'utf8')).toBe(before);
    expect(readdirSync(sessions)).toEqual(['2021-05-hfa.json']);
  });
});

describe('the session archive (buildProject)', () => {
  it('a write that fails half-way leaves the previous archive page and no partial file', async () => {
    const dir = project();
    const out = join(dir, 'out');
    const first = await buildProject([], { cwd: dir });
    expect(first.archives).toEqual([join(out, 'index.html')]);
    const before = readFileSync(join(out, 'index.html'), 'utf8');
    writeFileSync(join(dir, '2021-05-hfa.yaml'), readFileSync(join(dir, '2021-05-hfa.yaml'), 'utf8').replace('title: Digitalisierung der Verwaltung', 'title: Digitale Verwaltung'));
    failHalfWayInto('index.html');
    const err = await buildProject([], { cwd: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect((err as Error).message).toContain(join(out, 'index.html'));
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(before);
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // The deck itself was written before: the archive fails on its own.
    expect(readFileSync(join(out, '2021-05-hfa', 'index.html'), 'utf8')).toContain('Digitale Verwaltung');
  });
});
