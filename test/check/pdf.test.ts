/** The PDF checks on a PDF that misses everything, and on one that Chromium printed (via the CLI). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceMap } from '../../src/check/locate.js';
import { pdfProblems, readPdf } from '../../src/check/pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-pdfcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const src = new SourceMap({
  file: '/p/deck.yaml', id: 'deck', value: { title: 'Bericht', lang: 'de' },
  locate: (path) => ({ file: '/p/deck.yaml', line: path[0] === 'title' ? 1 : path[0] === 'lang' ? 2 : 9, col: 8 }),
});

describe('pdf checks', () => {
  it('reports an untagged PDF without language, title, bookmarks and with a wrong page count', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    doc.addPage([1280, 720]).drawText('Ausgangslage', { x: 50, y: 600, size: 40, font });
    doc.addPage([1280, 720]).drawText('Zeitplan', { x: 50, y: 600, size: 40, font });
    const file = join(dir, 'bad.pdf');
    writeFileSync(file, await doc.save());
    const facts = await readPdf(file);
    expect(facts).toMatchObject({ pages: 2, tagged: false, structTree: false, displayDocTitle: false, bookmarks: [] });
    expect(facts.text.join(' ')).toContain('Ausgangslage');
    const problems = pdfProblems(facts, { name: 'deck.pdf', kind: 'slides', pages: 3, titles: ['Ausgangslage', 'Zeitplan', 'Haushalt'] }, src);
    const rules = problems.map((p) => `${p.rule}:${p.severity}:${p.line}`);
    expect(rules).toEqual([
      'rd-pdf-tagged:error:1',
      'rd-pdf-lang:error:2',
      'rd-pdf-title:error:1',
      'rd-pdf-bookmarks:warning:1',
      'rd-pdf-text:warning:1',
      'rd-pdf-pages:error:1',
    ]);
    expect(problems.find((p) => p.rule === 'rd-pdf-pages')!.message).toBe('deck.pdf: 2 pages, expected 3');
    expect(problems.find((p) => p.rule === 'rd-pdf-text')!.message).toContain('slide "Haushalt"');
  });
});
