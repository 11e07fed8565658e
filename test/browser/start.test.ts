/**
 * --timeout bounds the browser's start too (issue 9): a browser that never answers used to take
 * 61 s whatever --timeout said. A shell script that only sleeps stands in for a hung browser.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { onlyWith } from '../helpers/platform.js';
import { isRunning, waitFor } from './procs.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'print');
let dir: string;
let hung: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-start-'));
  hung = join(dir, 'hung-browser');
  // Records its pids (the shell and its sleep), so the test can see that both were ended.
  writeFileSync(hung, '#!/bin/sh\necho $$ >> "$0.pids"\nsleep 300 &\necho $! >> "$0.pids"\nwait\n');
  chmodSync(hung, 0o755);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

onlyWith(['linux'], 'a shell script stands in for the browser, its processes are looked up in /proc').describe('a browser that never finishes starting', () => {
  const cases: [string, string[]][] = [
    ['pdf', ['pdf', FIXTURE, '-o', 'out-pdf', '--no-handout']],
    ['build --pdf', ['build', '--pdf', FIXTURE, '-o', 'out-build', '--no-handout']],
    ['doctor', ['doctor']],
  ];
  for (const [name, argv] of cases) {
    // 6 s: on a loaded machine loading puppeteer alone can take seconds, and the fake browser
    // must have been started within the deadline for the clean-up to be checked.
    it(`${name} --timeout 6: exit 5 after about 6 s, saying so, and nothing of it keeps running`, async () => {
      const started = Date.now();
      const r = await runCli([...argv, '--browser', hung, '--timeout', '6'], dir);
      const ms = Date.now() - started;
      expect(r.code, r.stderr).toBe(ExitCode.BROWSER);
      expect(r.stderr).toContain(`error: starting the browser ${hung} (found via --browser) timed out after 6 s`);
      expect(r.stderr).toContain('allow more time with --timeout <seconds>');
      // The deadline is the flag, not the old fixed minute; generous for a loaded machine.
      expect(ms).toBeGreaterThanOrEqual(5900);
      expect(ms).toBeLessThan(40_000);
      const pids = readFileSync(`${hung}.pids`, 'utf8').trim().split('\n').map(Number);
      rmSync(`${hung}.pids`);
      expect(pids).toHaveLength(2);
      expect(await waitFor(() => !pids.some(isRunning), 5000)).toBe(true);
    });
  }
});
