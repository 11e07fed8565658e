// needs: browser
/**
 * `ratsdeck pdf` and `build --pdf` through main(argv) and the real bin: exit codes, messages,
 * the files written, and what a failed, hung or interrupted print leaves behind.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager } from '../../src/browser/index.js';
import { main } from '../../src/cli/main.js';
import { ExitCode, RatsdeckError } from '../../src/errors.js';
import { pdfTasks, runPdfTask } from '../../src/pdf.js';
import { buildDeck } from '../../src/pipeline.js';
import { isAlive, processesOf, waitFor } from '../browser/procs.js';
import { onlyWith } from '../helpers/platform.js';
import { pageCount } from './pdf.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'print');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-print-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[], env: NodeJS.ProcessEnv = process.env) {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: dir,
    env,
  });
  return { code, out, err };
}

/** Leftovers of an atomic write (`.<name>.<pid>-<hex>.tmp`). */
function temporaries(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.tmp')) : [];
}

describe('ratsdeck pdf', () => {
  it('builds the HTML and both PDFs, with a line per PDF and a summary on stderr, nothing on stdout', async () => {
    const out = join(dir, 'ok');
    const r = await run(['pdf', FIXTURE, '-o', out, '--handout', '6', '--jobs', '1']);
    // Layout 6 has no room for notes, and says so: the one warning.
    const warnings = r.err.split('\n').filter((l) => /error|warning/.test(l));
    expect(warnings).toEqual([
      'warning: deck-handout.pdf: layout 6 has no room for speaker notes; the notes of slides 1, 4, 6 are not in it (print with --handout 3 or --handout notes to include them)',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(await pageCount(join(out, 'deck', 'deck.pdf'))).toBe(7);
    expect(await pageCount(join(out, 'deck', 'deck-handout.pdf'))).toBe(2);
    // Paths relative to the working directory (dir).
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^wrote ok\/deck\/index\.html \(7 slides, \d+ ms\)$/)]));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^printed ok\/deck\/deck\.pdf \(7 pages, \d+\.\d s\)$/)]));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^printed ok\/deck\/deck-handout\.pdf \(2 pages, \d+\.\d s\)$/)]));
    expect(lines.at(-2)).toMatch(/^printed 2 PDFs \(9 pages\) of 1 deck in \d+\.\d s, browser start \d+\.\d s$/);
    // The archive is written last, so it links the PDFs just printed.
    expect(lines.at(-1)).toMatch(/^wrote ok\/index\.html \(session archive\)$/);
    expect(temporaries(join(out, 'deck'))).toEqual([]);
  });

  it('build --draft --pdf --check: the draft PDFs are the ones checked, and the faint ENTWURF mark is no contrast error', async () => {
    const out = join(dir, 'draft-check');
    const r = await run(['build', '--draft', '--pdf', '--check', FIXTURE, '-o', out]);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(join(out, 'deck')).filter((f) => f.endsWith('.pdf')).sort()).toEqual(['deck-entwurf.pdf', 'deck-handout-entwurf.pdf']);
    expect(r.err).toMatch(/^checked deck: 7 slides, 2 PDFs — 0 errors, 0 warnings/m);
  });

  it('build --pdf --no-handout prints only the slides; --no-slides only the handout', async () => {
    const a = await run(['build', '--pdf', '--no-handout', FIXTURE, '-o', join(dir, 'only-slides')]);
    expect(a.code).toBe(0);
    expect(readdirSync(join(dir, 'only-slides', 'deck')).filter((f) => f.endsWith('.pdf'))).toEqual(['deck.pdf']);
    const b = await run(['pdf', '--no-slides', FIXTURE, '-o', join(dir, 'only-handout')]);
    expect(b.code).toBe(0);
    expect(readdirSync(join(dir, 'only-handout', 'deck')).filter((f) => f.endsWith('.pdf'))).toEqual(['deck-handout.pdf']);
    // Default layout 3: ceil(7 / 3).
    expect(await pageCount(join(dir, 'only-handout', 'deck', 'deck-handout.pdf'))).toBe(3);
  });

  it('build without --pdf starts no browser and writes no PDF', async () => {
    const r = await run(['build', FIXTURE, '-o', join(dir, 'html-only')], { ...process.env, RATSDECK_BROWSER: '/nonexistent/chromium' });
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'html-only', 'deck')).filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });

  it('rejects a wrong layout, job count or timeout (exit 2)', async () => {
    for (const args of [['--handout', '5'], ['--jobs', '0'], ['--timeout', '-1'], ['--timeout', 'soon']]) {
      const r = await run(['pdf', FIXTURE, '-o', join(dir, 'usage'), ...args]);
      expect(r.code, args.join(' ')).toBe(ExitCode.USAGE);
      expect(r.err).toMatch(new RegExp(`error: ${args[0]}: `));
    }
    const s = await run(['build', '--pdf', '--single-file', FIXTURE, '-o', join(dir, 'usage')]);
    expect(s.code).toBe(ExitCode.USAGE);
    expect(s.err).toContain('--single-file and PDFs do not go together');
  });

  it('a missing browser: exit 5, the message names it, the HTML is built and no PDF written', async () => {
    const out = join(dir, 'no-browser');
    const r = await run(['pdf', FIXTURE, '-o', out], { ...process.env, RATSDECK_BROWSER: '/nonexistent' });
    expect(r.code).toBe(ExitCode.BROWSER);
    expect(r.err).toContain('error: browser given by RATSDECK_BROWSER: /nonexistent does not exist or is not an executable file');
    expect(r.err).toMatch(/hint: .*RATSDECK_BROWSER/);
    expect(existsSync(join(out, 'deck', 'index.html'))).toBe(true);
    expect(readdirSync(join(out, 'deck')).filter((f) => /\.pdf$|\.tmp$/.test(f))).toEqual([]);
  });

  it('a timeout (it bounds the browser start too): exit 5 with a clear message, no new file, the earlier PDFs unchanged', async () => {
    const out = join(dir, 'timeout');
    expect((await run(['pdf', FIXTURE, '-o', out])).code).toBe(0);
    const slides = join(out, 'deck', 'deck.pdf');
    const before = readFileSync(slides);
    const mtime = statSync(slides).mtimeMs;
    // The same deck again: its HTML is unchanged, so the earlier PDFs still show it and stay.
    const r = await run(['pdf', FIXTURE, '-o', out, '--timeout', '0.001']);
    expect(r.code).toBe(ExitCode.BROWSER);
    expect(r.err).toMatch(/error: starting the browser .* timed out after 1 ms/);
    expect(readFileSync(slides).equals(before)).toBe(true);
    expect(statSync(slides).mtimeMs).toBe(mtime);
    expect(temporaries(join(out, 'deck'))).toEqual([]);
    // A changed deck (--draft marks every slide): the earlier PDFs no longer show it and go.
    const d = await run(['pdf', FIXTURE, '-o', out, '--draft', '--timeout', '0.001']);
    expect(d.code).toBe(ExitCode.BROWSER);
    expect(d.err).toMatch(/removed timeout\/deck\/deck\.pdf: printed from the deck before this draft build/);
    expect(existsSync(slides)).toBe(false);
  });

  it('a fresh output folder and a timeout: no PDF at all', async () => {
    const out = join(dir, 'timeout-fresh');
    const r = await run(['pdf', FIXTURE, '-o', out, '--timeout', '0.001']);
    expect(r.code).toBe(ExitCode.BROWSER);
    expect(readdirSync(join(out, 'deck')).filter((f) => /\.pdf$|\.tmp$/.test(f))).toEqual([]);
  });
});

describe('a browser that hangs', () => {
  onlyWith(['posix'], 'freezes the browser\'s process group with SIGSTOP').it('while printing: exit 6 after the timeout, no file', async () => {
    const r = await buildDeck(join(FIXTURE, 'deck.yaml'), { outDir: join(dir, 'hung'), handout: '3' });
    const [task] = pdfTasks(r, { handout: false });
    const mgr = new BrowserManager({ timeoutMs: 2000 });
    try {
      await mgr.getBrowser();
      const pgid = mgr.pid!;
      // Freeze the whole browser (all its processes), as a hung GPU or renderer would.
      process.kill(-pgid, 'SIGSTOP');
      const started = Date.now();
      const err = await runPdfTask(mgr, task!, { timeoutMs: 2000 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      process.kill(-pgid, 'SIGCONT');
      expect(err).toBeInstanceOf(RatsdeckError);
      expect((err as RatsdeckError).exitCode).toBe(ExitCode.PRINT);
      expect((err as RatsdeckError).message).toMatch(/^deck\.pdf: .* timed out after 2 s$/);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await mgr.close();
    }
    expect(existsSync(task!.file)).toBe(false);
    expect(temporaries(task!.deckDir)).toEqual([]);
  });

  onlyWith(['linux'], 'a shell script stands in for the browser, its processes are looked up in /proc').it('that never starts (a script that sleeps): exit 5 naming it, after the launch timeout', async () => {
    const fake = join(dir, 'fake-chromium.sh');
    writeFileSync(fake, '#!/bin/sh\nexec sleep 600\n');
    chmodSync(fake, 0o755);
    const mgr = new BrowserManager({ browser: fake, launchTimeoutMs: 1500, timeoutMs: 1500 });
    try {
      const r = await buildDeck(join(FIXTURE, 'deck.yaml'), { outDir: join(dir, 'fake'), handout: '3' });
      const [task] = pdfTasks(r, { handout: false });
      const err = (await runPdfTask(mgr, task!).catch((e: unknown) => e)) as RatsdeckError;
      expect(err).toBeInstanceOf(RatsdeckError);
      expect(err.exitCode).toBe(ExitCode.BROWSER);
      expect(err.message).toContain(`starting the browser ${fake}`);
      expect(err.message).toMatch(/timed out after 1500 ms/);
      expect(existsSync(task!.file)).toBe(false);
    } finally {
      await mgr.close();
    }
    expect(processesOf(undefined, fake)).toEqual([]);
  });
});

describe('the real bin', () => {
  onlyWith(['linux'], 'looks for browser processes in /proc').it('exits when done, leaving no browser process behind', () => {
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const r = spawnSync(process.execPath, [BIN, 'pdf', '--no-handout', FIXTURE, '-o', join(dir, 'bin')], {
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(r.stderr).toMatch(/^printed 1 PDF \(7 pages\)/m);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(processesOf(undefined, tmp)).toEqual([]);
    // The browser profile is removed.
    expect(readdirSync(tmp)).toEqual([]);
  });

  onlyWith(['linux'], 'sends SIGINT and looks for browser processes in /proc').it('Ctrl+C while printing: the browser is closed, no partial PDF, the earlier one unchanged', async () => {
    const out = join(dir, 'sigint');
    const hfa = join(ROOT, 'decks', '2021-05-hfa.yaml');
    expect((await run(['pdf', '--no-handout', hfa, '-o', out])).code).toBe(0);
    const pdf = join(out, '2021-05-hfa', '2021-05-hfa.pdf');
    const before = readFileSync(pdf);

    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const child = spawn(process.execPath, [BIN, 'pdf', '--no-handout', hfa, '-o', out], {
      env: { ...process.env, TMPDIR: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.on('exit', (code, signal) => res({ code, signal })),
    );
    // Interrupt as soon as the browser runs (its profile folder appears), before the PDF is done.
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    expect(await waitFor(() => processesOf(undefined, tmp).length > 0, 30_000)).toBe(true);
    child.kill('SIGINT');
    const { code, signal } = await exited;
    expect(signal === 'SIGINT' || code === 130, `exit ${code} ${signal}\n${err}`).toBe(true);
    expect(err).not.toMatch(/^printed .*2021-05-hfa\.pdf/m);
    expect(await waitFor(() => processesOf(undefined, tmp).length === 0, 10_000)).toBe(true);
    expect(readFileSync(pdf).equals(before)).toBe(true);
    expect(temporaries(join(out, '2021-05-hfa'))).toEqual([]);
    expect(isAlive(child.pid!)).toBe(false);
  });
});
