// needs: libreoffice
/**
 * A real office program opens what ratsdeck writes: LibreOffice Impress (headless) converts each
 * example deck's .pptx to PDF, and every slide's text comes out on its page, in order: its title
 * and every word of its text boxes and tables. A file LibreOffice could not read gives no PDF, or
 * pages without the text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { normalise } from '../../src/check/leaks.js';
import { officeXmlText } from '../../src/check/pptx.js';
import { readPdf } from '../../src/check/pdf.js';
import { buildDeck } from '../../src/pipeline.js';
import { renderPptx } from '../../src/pptx/deck.js';
import { pptxParts } from '../../src/pptx/writer.js';
import { onPath } from '../helpers/on-path.js';

const REPO = join(import.meta.dirname, '..', '..');
const DECKS = join(REPO, 'decks');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-lo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** soffice, or libreoffice where only that is on PATH (vitest.config.ts runs this file when either is). */
const soffice = ['soffice', 'libreoffice'].filter((c) => onPath(c)).map((c) => (process.platform === 'win32' ? `${c}.exe` : c))[0] ?? 'soffice';
const examples = readdirSync(DECKS).filter((f) => f.endsWith('.yaml') && f !== 'ratsdeck.yaml');

describe('LibreOffice Impress opens the PowerPoint files', () => {
  it('converts every example deck, with each slide\'s title and text on its page', async () => {
    const decks: { id: string; titles: string[]; texts: string[]; footer: Set<string> }[] = [];
    for (const name of examples) {
      const r = await buildDeck(join(DECKS, name), { write: false });
      const bytes = await renderPptx(r.rendered!, r.deck!, { projectRoot: DECKS });
      writeFileSync(join(tmp, `${r.id}.pptx`), bytes);
      const parts = new Map((await pptxParts(bytes)).map((p) => [p.name, p.text]));
      const texts = r.rendered!.views.map((v) => normalise(officeXmlText(parts.get(`ppt/slides/slide${v.number}.xml`) ?? '')));
      const dv = r.rendered!.view;
      // What may stand below the content area: the footer, "Folie N von M", the marks.
      const footer = new Set(normalise([dv.footer, dv.L.page, dv.L.of, dv.L.illustrative, dv.L.DRAFT, dv.L.NONPUBLIC].join(' ')).split(' '));
      decks.push({ id: r.id, titles: r.rendered!.views.map((v) => v.title), texts, footer });
    }
    // One run for all files; its own profile, so that a user's LibreOffice settings play no part.
    execFileSync(soffice, [`-env:UserInstallation=${pathToFileURL(join(tmp, 'profile')).href}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp, ...decks.map((d) => join(tmp, `${d.id}.pptx`))], {
      stdio: 'pipe',
      timeout: 300_000,
    });
    for (const d of decks) {
      const pdf = join(tmp, `${d.id}.pdf`);
      expect(existsSync(pdf), `${d.id}.pdf`).toBe(true);
      const facts = await readPdf(pdf);
      expect(facts.text, d.id).toHaveLength(d.titles.length);
      d.titles.forEach((title, i) => {
        const words = normalise(title).split(' ').filter((w) => w.length > 2);
        const page = normalise(facts.text[i]!);
        for (const w of words) expect(page, `${d.id} slide ${i + 1}: ${title}`).toContain(w);
        // Every word of the slide's text boxes and tables; white space aside, since a line may
        // break after the hyphen of "Rheinland-Pfalz".
        const solid = page.replace(/\s+/g, '');
        const missing = [...new Set(d.texts[i]!.split(' '))].filter((w) => w.length > 2 && !solid.includes(w));
        expect(missing, `${d.id} slide ${i + 1}: ${title}`).toEqual([]);
      });
      // Nothing runs over the footer or off the slide, as LibreOffice lays it out (a table's
      // font is chosen from an estimate of how its rows wrap: DejaVu Sans there, wider than Segoe UI).
      const low = await textBelowContent(pdf);
      low.forEach((words, i) => {
        const over = words.filter((w) => !d.footer.has(w) && !/^\d+$/.test(w));
        expect(over, `${d.id} slide ${i + 1}: text below the content area, over the footer`).toEqual([]);
      });
    }
  }, 400_000);
});

/**
 * Per page, the words whose baseline lies below the slide's content area (6.75 in from the top,
 * src/pptx/deck.ts CONTENT, with a little room for descenders), or that end beyond its right edge.
 */
async function textBelowContent(file: string): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: string[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const [x0, y0, x1, y1] = page.view as [number, number, number, number];
      const inch = (x1 - x0) / 13.333;
      const words: string[] = [];
      for (const it of (await page.getTextContent()).items) {
        if (!('str' in it) || !it.str.trim()) continue;
        const [, , , , x, y] = it.transform as number[];
        const fromTop = y1 - y0 - (y! - y0);
        if (fromTop > 6.83 * inch || x! - x0 + it.width > 12.8 * inch) words.push(...normalise(it.str).split(' '));
      }
      pages.push(words);
      page.cleanup();
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
