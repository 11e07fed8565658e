// needs: browser
/**
 * The manager against the real Chromium of this machine, launched once for the file.
 * Needs a browser, found as ratsdeck finds it (skipped without one, failing in CI).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager, withBrowser, withPage, type Page } from '../../src/browser/manager.js';
import { RatsdeckError } from '../../src/errors.js';
import { sandboxDecision } from '../../src/browser/args.js';
import { onlyWith } from '../helpers/platform.js';
import { isAlive, processesOf, waitFor } from './procs.js';
import { browserPath } from './chromium.js';

const CHROMIUM = browserPath();
// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let dir: string;
let deckDir: string;
let mgr: BrowserManager;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-mgr-'));
  deckDir = join(dir, 'out', 'deck');
  mkdirSync(deckDir, { recursive: true });
  writeFileSync(join(deckDir, 'ok.png'), PNG);
  writeFileSync(join(dir, 'out', 'outside.png'), PNG);
  writeFileSync(
    join(deckDir, 'index.html'),
    `<!doctype html><html lang="de"><head><title>t</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Source+Sans+3">
</head><body>
<img id="local" src="ok.png" alt="">
<img id="remote" src="http://example.invalid/x.png" alt="">
<img id="remote2" src="http://example.invalid/x.png?" alt="">
<img id="again" src="http://example.invalid/x.png" alt="">
<img id="outside" src="../outside.png" alt="">
<img id="inline" src="data:image/png;base64,${PNG.toString('base64')}" alt="">
</body></html>`,
  );
  mgr = new BrowserManager({ browser: CHROMIUM, timeoutMs: 30_000 });
});

afterAll(async () => {
  await mgr?.close();
  rmSync(dir, { recursive: true, force: true });
});

const errorOf = async (p: Promise<unknown>): Promise<RatsdeckError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RatsdeckError);
  return err as RatsdeckError;
};

describe('BrowserManager with the real Chromium', () => {
  it('does not launch before it is asked to', () => {
    expect(mgr.isLaunched).toBe(false);
    expect(mgr.pid).toBeUndefined();
    expect(mgr.profileDir).toBeUndefined();
  });

  it('launches once, with our flags and a fresh profile, shared by all callers', async () => {
    const [a, b] = await Promise.all([mgr.getBrowser(), mgr.getBrowser()]);
    expect(a).toBe(b);
    expect(await mgr.getBrowser()).toBe(a);
    expect(mgr.isLaunched).toBe(true);
    expect(mgr.launchMs).toBeGreaterThan(0);
    expect(await mgr.version()).toMatch(/^(Headless)?Chrome\/\d+\./);
    // The command line the browser runs with: on Linux as the system sees it (a wrapper script
    // such as Debian's /usr/bin/chromium adds flags of its own), elsewhere as it was started.
    const cmdline = process.platform === 'linux' ? readFileSync(`/proc/${mgr.pid}/cmdline`, 'utf8').split('\0') : [...mgr.commandLine!];
    expect(mgr.commandLine![0]).toBe(CHROMIUM);
    expect(cmdline).toContain('--headless=new');
    expect(cmdline).toContain('--disable-background-networking');
    expect(cmdline).toContain('--disable-component-update');
    expect(cmdline).toContain('--font-render-hinting=none');
    expect(cmdline).toContain('--host-resolver-rules=MAP * ~NOTFOUND');
    expect(cmdline).toContain(`--user-data-dir=${mgr.profileDir}`);
    // The protocol runs over a pipe that ends the browser when ratsdeck dies; no port is open.
    expect(cmdline).toContain('--remote-debugging-pipe');
    expect(cmdline.filter((a) => a.startsWith('--remote-debugging-port'))).toEqual([]);
    expect(existsSync(join(mgr.profileDir!, 'DevToolsActivePort'))).toBe(false);
    // A private profile that says who made it (for the cleanup after a killed run).
    if (process.platform !== 'win32') expect(statSync(mgr.profileDir!).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(mgr.profileDir!, 'ratsdeck-owner.json'), 'utf8'))).toMatchObject({ pid: process.pid });
    // Without the sandbox only where it cannot work (root, a container) or when asked.
    expect(cmdline.includes('--no-sandbox')).toBe(sandboxDecision(process.env).noSandbox);
    expect(existsSync(mgr.profileDir!)).toBe(true);
  });

  it('opens file:// pages, loads local files, and blocks and reports everything else once', async () => {
    const blocked: string[] = [];
    let kept: Page | undefined;
    const fetched = await withPage(mgr, { allowedDir: deckDir, onBlocked: (u) => blocked.push(u) }, async (page) => {
      kept = page;
      await mgr.step(page.goto(pathToFileURL(join(deckDir, 'index.html')).href, { waitUntil: 'load' }), 'loading the deck');
      const widths = await mgr.step(
        page.$$eval('img', (imgs) => Object.fromEntries(imgs.map((i) => [i.id, (i as HTMLImageElement).naturalWidth]))),
        'reading images',
      );
      expect(widths).toEqual({ local: 1, remote: 0, remote2: 0, again: 0, outside: 0, inline: 1 });
      return mgr.step(
        page.evaluate(() =>
          fetch('http://example.invalid/x.png').then(
            () => 'loaded',
            () => 'blocked',
          ),
        ),
        'fetching from the page',
      );
    });
    expect(fetched).toBe('blocked');
    expect(kept?.isClosed()).toBe(true);
    expect([...blocked].sort()).toEqual(
      [
        'http://example.invalid/x.png',
        'http://example.invalid/x.png?',
        pathToFileURL(join(dir, 'out', 'outside.png')).href,
        'https://fonts.googleapis.com/css2?family=Source+Sans+3',
      ].sort(),
    );
  });

  it('ends a hung operation with exit 6 after timeoutMs, and the browser stays usable', async () => {
    const started = Date.now();
    const err = await errorOf(
      withPage(mgr, { allowedDir: deckDir, timeoutMs: 500 }, (page) =>
        mgr.step(page.evaluate(() => new Promise(() => undefined)), 'waiting for the deck to settle', 500),
      ),
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(err.exitCode).toBe(6);
    expect(err.message).toBe('waiting for the deck to settle timed out after 500 ms');
    expect(await mgr.version()).toMatch(/Chrome/);
  });

  it('does not hang on a page whose script never ends', async () => {
    writeFileSync(join(deckDir, 'loop.html'), '<!doctype html><title>loop</title><script>for(;;){}</script>');
    const started = Date.now();
    const err = await errorOf(
      withPage(mgr, { allowedDir: deckDir, timeoutMs: 1000 }, (page) =>
        mgr.step(page.goto(pathToFileURL(join(deckDir, 'loop.html')).href), 'loading loop.html', 1000),
      ),
    );
    expect(err.exitCode).toBe(6);
    expect(Date.now() - started).toBeLessThan(15_000);
    // Other pages still work.
    const title = await withPage(mgr, { allowedDir: deckDir }, async (page) => {
      await mgr.step(page.goto(pathToFileURL(join(deckDir, 'index.html')).href), 'loading');
      return mgr.step(page.title(), 'title');
    });
    expect(title).toBe('t');
  });

  it('closes the browser (on Linux: each of its processes, found in /proc) and removes the profile', async () => {
    const pid = mgr.pid!;
    const profile = mgr.profileDir!;
    const linux = process.platform === 'linux';
    if (linux) expect(processesOf(pid, profile).length).toBeGreaterThan(1);
    const sigterm = process.listenerCount('SIGTERM');
    const sigint = process.listenerCount('SIGINT');
    await mgr.close();
    expect(isAlive(pid)).toBe(false);
    if (linux) expect(processesOf(pid, profile)).toEqual([]);
    expect(existsSync(profile)).toBe(false);
    expect(process.listenerCount('SIGTERM')).toBe(sigterm - 1);
    expect(process.listenerCount('SIGINT')).toBe(sigint - 1);
    await mgr.close();
    expect(mgr.isLaunched).toBe(false);
    await expect(mgr.getBrowser()).rejects.toThrow('already closed');
  });
});

describe('BrowserManager when the browser cannot start', () => {
  it('gives exit 5 naming an explicit browser that does not exist', async () => {
    let called = false;
    const err = await errorOf(
      withBrowser({ browser: '/opt/nonexistent/chrome' }, async (m) => {
        called = true;
        return m.newPage({ allowedDir: dir });
      }),
    );
    expect(called).toBe(true);
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain('/opt/nonexistent/chrome');
  });

  onlyWith(['posix'], 'a shell script stands in for the browser').it('gives exit 5 with the browser\'s own output when it exits at once', async () => {
    const script = join(dir, 'broken-browser');
    writeFileSync(script, '#!/bin/sh\necho "cannot open shared object file: libnss3.so" >&2\nexit 127\n');
    chmodSync(script, 0o755);
    const m = new BrowserManager({ browser: script, browserFrom: 'browser: in ratsdeck.yaml' });
    const err = await errorOf(m.getBrowser());
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain(`could not start the browser ${script} (found via browser: in ratsdeck.yaml)`);
    expect(err.message).toContain('exit code 127');
    expect(err.message).toContain('libnss3.so');
    expect(err.hint).toContain('ratsdeck.yaml');
    // Launched once: a second request fails the same way without a second attempt.
    expect(await errorOf(m.getBrowser())).toBe(err);
    expect(existsSync(m.profileDir!)).toBe(false);
    await m.close();
  });

  onlyWith(['linux'], 'a shell script stands in for the browser, its processes are looked up in /proc').it('gives exit 5 when the launch hangs, and kills what it started', async () => {
    const script = join(dir, 'hanging-browser');
    writeFileSync(script, '#!/bin/sh\nsleep 60\n');
    chmodSync(script, 0o755);
    const m = new BrowserManager({ browser: script, launchTimeoutMs: 1000 });
    const started = Date.now();
    const err = await errorOf(m.getBrowser());
    expect(Date.now() - started).toBeLessThan(4000);
    expect(err.exitCode).toBe(5);
    expect(err.message).toBe(`starting the browser ${script} (found via --browser) timed out after 1 s`);
    expect(await waitFor(() => processesOf(undefined, script).length === 0, 3000)).toBe(true);
    expect(m.profileDir && existsSync(m.profileDir)).toBe(false);
    await m.close();
  });
});
