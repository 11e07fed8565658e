#!/usr/bin/env node
/**
 * The floor for `ratsdeck pdf` (issue 15): one browser launch and bare prints of the two
 * documents ratsdeck built for a deck, `index.html?print-pdf` (16:9 slides) and `handout.html`
 * (A4), in two pages at once as ratsdeck prints them, and nothing else: no tagging marks, no
 * metadata, no atomic writes, no HTML build. A whole process, like the command it is compared to.
 *
 *   node bench/floor.mjs BROWSER DECK_DIR [--no-handout]
 */
import puppeteer from 'puppeteer-core';
// The same browser flags as ratsdeck (a small module without dependencies).
import { launchArgs } from '../dist/browser/args.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [executablePath, dir, ...rest] = process.argv.slice(2);
const handout = !rest.includes('--no-handout');
const args = launchArgs({ noSandbox: process.getuid?.() === 0 }, []);
const browser = await puppeteer.launch({ executablePath, headless: true, pipe: true, args });
try {
  // The pages are opened one after the other (opened at the same moment, the slides page in
  // Chromium 156 never laid out its print view); then both load and print at once.
  const handoutPage = handout ? await browser.newPage() : undefined;
  const pages = [await browser.newPage(), handoutPage];
  const print = async (page, file, query, ready, pdf, out) => {
    // reveal.js says when its print view is laid out with a bubbling 'pdf-ready' event.
    await page.evaluateOnNewDocument(() => document.addEventListener('pdf-ready', () => (window.__ratsdeckPdfReady = true)));
    await page.goto(pathToFileURL(join(dir, file)).href + query, { waitUntil: 'load' });
    await page.waitForFunction(ready, { polling: 50, timeout: 120_000 });
    writeFileSync(join(dir, out), await page.pdf(pdf));
  };
  await Promise.all([
    print(pages[0], 'index.html', '?print-pdf', 'window.__ratsdeckPdfReady === true', { width: '1280px', height: '720px', printBackground: true, tagged: true, outline: true }, 'floor.pdf'),
    handout &&
      print(pages[1], 'handout.html', '', 'document.scripts.length === 0 || document.documentElement.hasAttribute("data-rd-ready")', { preferCSSPageSize: true, printBackground: true, tagged: true }, 'floor-handout.pdf'),
  ]);
} finally {
  await browser.close();
}
