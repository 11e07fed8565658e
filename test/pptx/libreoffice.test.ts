// needs: libreoffice
/**
 * A real office program opens what ratsdeck writes: LibreOffice Impress (headless) converts each
 * example deck's .pptx to PDF, and every slide's text comes out on its page, in order: its title
 * and every word of its text boxes and tables. A file LibreOffice could not read gives no PDF, or
 * pages without the text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
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

const REPO = join(import.meta.dirname, '..', '..');
const DECKS = join(REPO, 'decks');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-lo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function onPath(cmd: string): boolean {
  try {
    execFileSync(process.platform === 'win32' ? 'where' : 'which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
/** soffice, or libreoffice where only that is on PATH (vitest.config.ts runs this file when either is). */
const soffice = ['soffice', 'libreoffice'].filter(onPath).map((c) => (process.platform === 'win32' ? `${c}.exe` : c))[0] ?? 'soffice';
const examples = readdirSync(DECKS).filter((f) => f.endsWith('.yaml') && f !== 'ratsdeck.yaml');

describe('LibreOffice Impress opens the PowerPoint files', () => {
  it('converts every example deck, with each slide\'s title and text on its page', async () => {
    const decks: { id: string; titles: string[]; texts: string[] }[] = [];
    for (const name of examples) {
      const r = await buildDeck(join(DECKS, name), { write: false });
      const bytes = await renderPptx(r.rendered!, r.deck!, { projectRoot: DECKS });
      writeFileSync(join(tmp, `${r.id}.pptx`), bytes);
      const parts = new Map((await pptxParts(bytes)).map((p) => [p.name, p.text]));
      const texts = r.rendered!.views.map((v) => normalise(officeXmlText(parts.get(`ppt/slides/slide${v.number}.xml`) ?? '')));
      decks.push({ id: r.id, titles: r.rendered!.views.map((v) => v.title), texts });
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
    }
  }, 400_000);
});
