// needs: libreoffice
/**
 * A real office program opens what ratsdeck writes: LibreOffice Impress (headless) converts each
 * example deck's .pptx to PDF, and every slide's title comes out on its page, in order. A file
 * LibreOffice could not read gives no PDF, or pages without the text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalise } from '../../src/check/leaks.js';
import { readPdf } from '../../src/check/pdf.js';
import { buildDeck } from '../../src/pipeline.js';
import { renderPptx } from '../../src/pptx/deck.js';

const REPO = join(import.meta.dirname, '..', '..');
const DECKS = join(REPO, 'decks');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-lo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const soffice = process.platform === 'win32' ? 'soffice.exe' : 'soffice';
const examples = readdirSync(DECKS).filter((f) => f.endsWith('.yaml') && f !== 'ratsdeck.yaml');

describe('LibreOffice Impress opens the PowerPoint files', () => {
  it('converts every example deck, with each slide title on its page', async () => {
    const decks: { id: string; titles: string[] }[] = [];
    for (const name of examples) {
      const r = await buildDeck(join(DECKS, name), { write: false });
      const bytes = await renderPptx(r.rendered!, r.deck!, { projectRoot: DECKS });
      writeFileSync(join(tmp, `${r.id}.pptx`), bytes);
      decks.push({ id: r.id, titles: r.rendered!.views.map((v) => v.title) });
    }
    // One run for all files; its own profile, so that a user's LibreOffice settings play no part.
    execFileSync(soffice, [`-env:UserInstallation=file://${join(tmp, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp, ...decks.map((d) => join(tmp, `${d.id}.pptx`))], {
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
      });
    }
  }, 400_000);
});
