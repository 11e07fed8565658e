// needs: browser
/**
 * Live reload in a real Chromium: the deck's own Content-Security-Policy must let the
 * EventSource connect, an edit must reload the page onto the same slide, and an invalid edit
 * must show the overlay. Needs a browser, found as ratsdeck finds it (skipped without one, failing in CI).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServeHandle } from '../../src/serve/server.js';
import { HFA_TITLE, copyExample, edit } from './helpers.js';
import { browserPath } from '../browser/chromium.js';

const CHROMIUM = browserPath();

/** Polls `fn` in the page until it returns true; navigations (reloads) in between are fine. */
async function until(page: Page, fn: () => boolean, ms: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    try {
      if (await page.evaluate(fn)) return Date.now() - start;
    } catch {
      // "Execution context was destroyed": the page is reloading.
    }
    if (Date.now() - start > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('ratsdeck serve in Chromium', () => {
  let dir: string;
  let server: ServeHandle;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const foreign: string[] = [];

  beforeAll(async () => {
    dir = copyExample('ratsdeck-serve-chromium-');
    server = await startServer({ target: join(dir, '2021-05-hfa.yaml'), cwd: dir, port: 0, watchBuiltin: false });
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warn') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${server.port}/`) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reloads onto the same slide after an edit, shows and clears the error overlay', async () => {
    const sseOpen = page.waitForResponse((r) => r.url().includes('/__ratsdeck/events'), { timeout: 30_000 });
    await page.goto(`${server.url}#/3`, { waitUntil: 'load' });
    const sse = await sseOpen;
    expect(sse.status()).toBe(200);
    expect(sse.headers()['content-type']).toBe('text/event-stream; charset=utf-8');
    await until(page, () => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true, 10_000);
    expect(await page.evaluate(() => document.body.textContent?.includes('Digitalisierung der Verwaltung und Arbeit des IT-Beirats'))).toBe(true);

    // reveal turns #/3 into the slide's id (#/folie-4); a reload must keep it.
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#\/./);
    // Mark this document, so that a reload (a fresh document) can be told apart.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const wrote = edit(join(dir, '2021-05-hfa.yaml'), `title: ${HFA_TITLE}`, 'title: Im Browser neu geladen');
    await until(page, () => document.body.textContent?.includes('Im Browser neu geladen') === true, 8000);
    const latency = Date.now() - wrote;
    console.log(`serve: file write → new title in Chromium: ${latency} ms`);
    // About a second on an idle machine (rebuild ~300 ms + debounce + page load); the margin is
    // for a loaded two-core CI machine.
    expect(latency).toBeLessThan(4000);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBeUndefined();
    // reveal's hash navigation keeps the slide.
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    await until(page, () => (window as unknown as { Reveal?: { isReady(): boolean } }).Reveal?.isReady() === true, 10_000);
    expect(await page.evaluate(() => (window as unknown as { Reveal: { getIndices(): { h: number } } }).Reveal.getIndices().h)).toBe(3);

    // An invalid edit: the overlay appears over the last good deck.
    edit(join(dir, '2021-05-hfa.yaml'), 'title: Im Browser neu geladen', 'title: [');
    await until(page, () => document.getElementById('ratsdeck-errors') !== null, 8000);
    const overlay = await page.$eval('#ratsdeck-errors', (el) => ({
      text: el.textContent ?? '',
      visible: (el as HTMLElement).offsetHeight > 0 && getComputedStyle(el).position === 'fixed',
    }));
    expect(overlay.visible).toBe(true);
    expect(overlay.text).toMatch(/2021-05-hfa\.yaml:\d+:\d+: /);
    expect(await page.evaluate(() => document.body.textContent?.includes('Im Browser neu geladen'))).toBe(true);

    // Fixed again: the overlay goes away.
    edit(join(dir, '2021-05-hfa.yaml'), 'title: [', 'title: Wieder gültig');
    await until(page, () => document.body.textContent?.includes('Wieder gültig') === true, 8000);
    expect(await page.$('#ratsdeck-errors')).toBeNull();

    // No CSP violation (that would block the EventSource), no script errors, nothing from elsewhere.
    expect(problems).toEqual([]);
    expect(foreign).toEqual([]);
  });
});
