#!/usr/bin/env node
/**
 * Makes the README's pictures of the HTML decks (docs/images/deck-*.png, theme-*.png) again
 * from the example project, so that they show what ratsdeck makes today: builds a copy of
 * decks/ (and one per other theme) into a temporary folder, opens each deck in the browser
 * ratsdeck finds, at 1280×720, and takes the slide with the given title.
 *
 *   npm run build && node scripts/docs-images.mjs
 *
 * The handout page is page 2 of the example's handout, printed and turned into a picture with
 * poppler: `ratsdeck pdf 2021-09-hfa.yaml` in decks/, then
 * `pdftoppm -png -r 80 -f 2 -l 2 -singlefile out/2021-09-hfa/2021-09-hfa-handout.pdf ../docs/images/handout-page`.
 * The PowerPoint pictures are slides of the .pptx converted by LibreOffice
 * (`soffice --headless --convert-to pdf`), then pdftoppm the same way.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserManager } from '../dist/browser/index.js';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'docs', 'images');
const DECK = '2021-09-hfa';

/** picture → [theme, slide title] */
const PICTURES = {
  'deck-title.png': ['stadt', 1],
  'deck-activities.png': ['stadt', 'Übersicht der Aktivitäten'],
  'deck-activity.png': ['stadt', 'Ratsinformationssystem: papierlose Gremienarbeit'],
  'deck-changes.png': ['stadt', 'Änderungen seit der letzten Sitzung'],
  'deck-budget.png': ['stadt', 'Haushalt 2021 – Plan und Ist (Stand September)'],
  'deck-timeline.png': ['stadt', 'Zeitplan der Aktivitäten'],
  'theme-kontrast.png': ['kontrast', 'Ratsinformationssystem: papierlose Gremienarbeit'],
  'theme-nacht.png': ['nacht', 'Haushalt 2021 – Plan und Ist (Stand September)'],
};

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-docs-images-'));
const mgr = new BrowserManager({ timeoutMs: 60_000 });
try {
  const projects = {};
  for (const theme of new Set(Object.values(PICTURES).map(([t]) => t))) {
    const dir = join(tmp, theme);
    cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
    const config = join(dir, 'ratsdeck.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^theme: .*$/m, `theme: ${theme}`));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ratsdeck.js'), 'build', `${DECK}.yaml`], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`building the ${theme} copy failed:\n${r.stderr}`);
    projects[theme] = join(dir, 'out', DECK);
  }
  for (const [file, [theme, slide]] of Object.entries(PICTURES)) {
    const page = await mgr.newPage({ allowedDir: projects[theme] });
    await page.setViewport({ width: 1280, height: 720 });
    await page.goto(pathToFileURL(join(projects[theme], 'index.html')).href, { waitUntil: 'load' });
    await page.waitForFunction('window.Reveal && Reveal.isReady()');
    const found = await page.evaluate((want) => {
      const slides = Reveal.getSlides();
      const title = (s) => (s.querySelector('h1, h2')?.textContent ?? '').replace(/\s+/g, ' ').trim();
      const i = typeof want === 'number' ? want - 1 : slides.findIndex((s) => title(s) === want);
      if (i < 0 || !slides[i]) return undefined;
      Reveal.configure({ transition: 'none', backgroundTransition: 'none' });
      Reveal.slide(i);
      return i + 1;
    }, slide);
    if (!found) throw new Error(`${DECK} (${theme}) has no slide "${slide}"`);
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))));
    await new Promise((ok) => setTimeout(ok, 300));
    writeFileSync(join(OUT, file), await page.screenshot({ type: 'png' }));
    console.log(`wrote docs/images/${file} (${DECK}, ${theme}, slide ${found})`);
    await page.close();
  }
} finally {
  await mgr.close();
  rmSync(tmp, { recursive: true, force: true });
}
