// needs: browser
/**
 * What happens to the browser when things go wrong: it crashes under us, or the user presses
 * Ctrl+C. Uses the real Chromium; one launch per test because each one ends the browser.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect } from 'vitest';
import { BrowserManager, withPage } from '../../src/browser/manager.js';
import { RatsdeckError } from '../../src/errors.js';
import { onlyWith } from '../helpers/platform.js';
import { isAlive, processesOf, waitFor } from './procs.js';
import { browserPath } from './chromium.js';

const CHROMIUM = browserPath();
const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-life-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title><p>x</p>');
const managers: BrowserManager[] = [];
afterAll(async () => {
  await Promise.all(managers.map((m) => m.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a browser that crashes', () => {
  onlyWith(['posix'], 'kills the browser\'s process group').it('turns the next operations into exit 6 instead of hanging, and still cleans up', async () => {
    const mgr = new BrowserManager({ browser: CHROMIUM, timeoutMs: 20_000 });
    managers.push(mgr);
    const err = await withPage(mgr, { allowedDir: dir }, async (page) => {
      await mgr.step(page.goto(pathToFileURL(join(dir, 'index.html')).href), 'loading');
      process.kill(-mgr.pid!, 'SIGKILL');
      await waitFor(() => !isAlive(mgr.pid!));
      return mgr.step(page.pdf(), 'printing index.pdf').then(
        () => undefined,
        (e: unknown) => e,
      );
    });
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(6);
    expect((err as RatsdeckError).message).toBe(`printing index.pdf failed: the browser ${CHROMIUM} quit unexpectedly`);
    const next = await mgr.newPage({ allowedDir: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((next as RatsdeckError).exitCode).toBe(6);
    expect((next as RatsdeckError).message).toContain('quit unexpectedly');
    const profile = mgr.profileDir!;
    await mgr.close();
    expect(existsSync(profile)).toBe(false);
  });
});

describe('a signal while the browser is open', () => {
  onlyWith(['linux'], 'sends itself SIGTERM and looks for the browser\'s processes in /proc').it('closes the browser, then re-raises the signal', async () => {
    // Stands in for the program's own handling (or the default action, which would end vitest).
    const seen: string[] = [];
    const listener = (sig: string) => seen.push(sig);
    process.on('SIGTERM', listener);
    try {
      const mgr = new BrowserManager({ browser: CHROMIUM });
      managers.push(mgr);
      const before = process.listenerCount('SIGTERM');
      await mgr.getBrowser();
      const pid = mgr.pid!;
      const profile = mgr.profileDir!;
      expect(process.listenerCount('SIGTERM')).toBe(before + 1);
      process.kill(process.pid, 'SIGTERM');
      // Once for the signal itself, once for the re-raise after the browser was closed.
      expect(await waitFor(() => seen.length === 2, 10_000)).toBe(true);
      expect(isAlive(pid)).toBe(false);
      expect(processesOf(pid, profile)).toEqual([]);
      expect(existsSync(profile)).toBe(false);
      expect(process.listenerCount('SIGTERM')).toBe(before);
    } finally {
      process.off('SIGTERM', listener);
    }
  });
});
