/**
 * finishPdf without a browser: the incremental update of a PDF written the way Chromium writes
 * it (one classic cross-reference table), compared with pdf-lib's full re-save, which stays
 * for every other PDF. Both are read back with pdf.js and pdf-lib.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { finishPdf, readPdfCatalog, type FinishOptions } from '../../src/print/pdfdoc.js';
import { hexText, pdfText, readPrintedPdf, rewriteDict } from '../../src/print/pdfupdate.js';
import { readPdf } from './pdf.js';

const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-pdfupdate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A PDF like Chromium's: pages under intermediate /Pages nodes, named /Dests, /Lang, tags marked, classic xref. */
async function printedLike(opts: { objectStreams?: boolean; lang?: boolean; id?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont('Helvetica');
  for (let i = 0; i < 5; i++) doc.addPage([960, 540]).drawText(`Folie ${i + 1}`, { x: 50, y: 400, size: 30, font });
  const pages = doc.getPages();
  const ctx = doc.context;
  const dests = ctx.obj({});
  dests.set(PDFName.of('titel'), ctx.obj([pages[0]!.ref, PDFName.of('XYZ'), 0, 540, 0]));
  dests.set(PDFName.of('abschnitt (2)'), ctx.obj([pages[2]!.ref, PDFName.of('XYZ'), 0, 540, 0]));
  // A destination as a dictionary with /D, which the reader must follow too.
  dests.set(PDFName.of('folie-4'), ctx.register(ctx.obj({ D: ctx.obj([pages[3]!.ref, PDFName.of('XYZ'), 0, 540, 0]) })));
  doc.catalog.set(PDFName.of('Dests'), ctx.register(dests));
  if (opts.lang !== false) doc.catalog.set(PDFName.of('Lang'), PDFString.of('de'));
  doc.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
  doc.catalog.set(PDFName.of('ViewerPreferences'), ctx.obj({ HideToolbar: false }));
  const info = ctx.obj({ Producer: PDFString.of('Skia/PDF m156 \\(test\\)'), Title: PDFHexString.fromText('alt') });
  ctx.trailerInfo.Info = ctx.register(info);
  if (opts.id) ctx.trailerInfo.ID = ctx.obj([PDFHexString.of('00112233'), PDFHexString.of('00112233')]) as PDFArray;
  return doc.save({ useObjectStreams: opts.objectStreams ?? false, addDefaultPage: false });
}

const OPTS: FinishOptions = {
  metadata: {
    title: 'Digitalisierung – Sachstand (2021)',
    author: 'Amt für Digitalisierung',
    subject: 'Betreff: Sachstand „Digitalisierung“',
    keywords: ['HFA', 'nichtöffentlich'],
    creator: 'ratsdeck 1.2.3',
    lang: 'de',
    date: { ms: Date.UTC(2021, 4, 19, 22), offsetMinutes: 120 },
    nonpublic: true,
  } as FinishOptions['metadata'],
  bookmarks: [
    { title: 'Titel', dest: 'titel', page: 0, children: [] },
    {
      title: 'Abschnitt (2) – Äöü',
      dest: 'abschnitt (2)',
      page: 2,
      children: [
        { title: 'Folie 4', dest: 'folie-4', page: 3, children: [] },
        { title: 'ohne Ziel', dest: 'fehlt', page: 99, children: [] },
      ],
    },
  ],
  fitPage: true,
};

/** What a reader sees of a finished PDF. */
async function seen(bytes: Uint8Array, name: string) {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, verbosity: 0 }).promise;
  const outline: string[] = [];
  const walk = async (items: { title: string; dest: unknown; items: unknown[] }[] | null, depth: number) => {
    for (const i of items ?? []) {
      const dest = (typeof i.dest === 'string' ? await doc.getDestination(i.dest) : i.dest) as [{ num: number; gen: number }, { name: string }];
      outline.push(`${'  '.repeat(depth)}${i.title} → ${(await doc.getPageIndex(dest[0])) + 1} ${dest[1].name}`);
      await walk(i.items as never, depth + 1);
    }
  };
  await walk((await doc.getOutline()) as never, 0);
  const meta = await doc.getMetadata();
  const read = await readPdf(file);
  const result = {
    outline,
    pageMode: await doc.getPageMode(),
    info: read.info,
    xmpTitle: meta.metadata?.get('dc:title'),
    metadataStream: read.metadataStream,
    text: read.pages.map((p) => p.text),
    catalog: await readPdfCatalog(bytes),
  };
  await doc.destroy();
  return result;
}

describe('finishPdf on a PDF as Chromium writes it', () => {
  it('appends an update: the printed bytes stay, and readers see the same as after a full re-save', async () => {
    const input = await printedLike();
    expect(readPrintedPdf(input)).toBeDefined();
    const fast = await finishPdf(input, OPTS);
    // Incremental: the file starts with the printed one, byte for byte but for the old Info
    // dictionary, emptied where it stands (it held the time of printing).
    const before = Buffer.from(input).toString('latin1');
    const after = Buffer.from(fast.bytes.subarray(0, input.length)).toString('latin1');
    const infoAt = /\n(\d+) 0 obj\n<<\s*\/Producer/.exec(before)!;
    const infoEnd = before.indexOf('>>', infoAt.index) + 2;
    const dictStart = before.indexOf('<<', infoAt.index);
    expect(after.slice(0, dictStart)).toBe(before.slice(0, dictStart));
    expect(after.slice(infoEnd)).toBe(before.slice(infoEnd));
    expect(after.slice(dictStart, infoEnd)).toMatch(/^<< +>>$/);
    expect(fast.pages).toBe(5);
    expect(fast.missingDestinations).toEqual(['fehlt']);

    // The same document re-saved by pdf-lib (the path for other PDFs) reads the same.
    const whole = await finishPdf(await printedLike({ objectStreams: true }), OPTS);
    expect(Buffer.from(whole.bytes.subarray(0, 64)).equals(Buffer.from(input.subarray(0, 64)))).toBe(false);
    const a = await seen(fast.bytes, 'fast.pdf');
    const b = await seen(whole.bytes, 'whole.pdf');
    expect(a).toEqual(b);
    expect(a.outline).toEqual(['Titel → 1 Fit', 'Abschnitt (2) – Äöü → 3 Fit', '  Folie 4 → 4 Fit', '  ohne Ziel → 5 Fit']);
    expect(a.pageMode).toBe('UseOutlines');
    expect(a.info).toMatchObject({
      Title: 'Digitalisierung – Sachstand (2021)',
      Author: 'Amt für Digitalisierung',
      Subject: 'Betreff: Sachstand „Digitalisierung“',
      Keywords: 'HFA; nichtöffentlich',
      Creator: 'ratsdeck 1.2.3',
      Producer: 'Skia/PDF m156 (test)',
      CreationDate: "D:20210520000000+02'00'",
      ModDate: "D:20210520000000+02'00'",
    });
    expect(a.metadataStream).toBe(true);
    expect(a.text).toEqual(['Folie 1', 'Folie 2', 'Folie 3', 'Folie 4', 'Folie 5']);
    expect(a.catalog).toMatchObject({ pages: 5, tagged: true, lang: 'de', displayDocTitle: true, title: 'Digitalisierung – Sachstand (2021)' });
  });

  it('without fitPage keeps the named destination as Chromium wrote it (the handout position)', async () => {
    const out = await finishPdf(await printedLike(), { ...OPTS, fitPage: false });
    expect((await seen(out.bytes, 'xyz.pdf')).outline).toEqual(['Titel → 1 XYZ', 'Abschnitt (2) – Äöü → 3 XYZ', '  Folie 4 → 4 XYZ', '  ohne Ziel → 5 Fit']);
  });

  it('sets /Lang where the page had none, keeps the file id, and can be updated again', async () => {
    const input = await printedLike({ lang: false, id: true });
    const once = await finishPdf(input, { ...OPTS, metadata: { ...OPTS.metadata, lang: 'en-GB' } });
    expect((await readPdfCatalog(once.bytes)).lang).toBe('en-GB');
    const tail = Buffer.from(once.bytes.subarray(input.length)).toString('latin1');
    expect(tail).toMatch(/\/ID \[ ?<00112233> <00112233> ?\]/);
    expect(tail).toMatch(/\/Prev \d+/);
    // A file updated once is no longer "as Chromium writes it": pdf-lib takes it.
    expect(readPrintedPdf(once.bytes)).toBeUndefined();
    const twice = await finishPdf(once.bytes, { ...OPTS, bookmarks: [] });
    expect((await readPdfCatalog(twice.bytes)).pages).toBe(5);
  });

  it('leaves anything else to pdf-lib: object streams, a damaged table, no trailer', async () => {
    expect(readPrintedPdf(await printedLike({ objectStreams: true }))).toBeUndefined();
    const input = await printedLike();
    const s = Buffer.from(input).toString('latin1');
    const xref = s.lastIndexOf('xref\n');
    const damaged = Buffer.from(s.slice(0, xref + 12) + 'x' + s.slice(xref + 13), 'latin1');
    expect(readPrintedPdf(damaged)).toBeUndefined();
    expect(readPrintedPdf(Buffer.from(s.replace(/startxref\s+\d+/, 'startxref\n1'), 'latin1'))).toBeUndefined();
    expect(readPrintedPdf(new TextEncoder().encode('%PDF-1.4\n'))).toBeUndefined();
  });
});

describe('the PDF object reader', () => {
  it('reads strings with escapes, nested parentheses and UTF-16, names with #xx, and rewrites a dictionary keeping the other entries as written', () => {
    const src = '%PDF-1.4\n1 0 obj\n<</A (x \\(y\\) (nested) \\101\\n) /B <FEFF00E4> /C#20D 1 0 R /E [1 -2.5 /F null true] /G <</H 2>>>>\nendobj\n';
    const body = `${src}xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 2 /Root 1 0 R>>\nstartxref\n${src.length}\n%%EOF\n`;
    const pdf = readPrintedPdf(new TextEncoder().encode(body))!;
    const d = pdf.catalog();
    expect(pdfText(d.entries.get('A'))).toBe('x (y) (nested) A\n');
    expect(pdfText(d.entries.get('B'))).toBe('ä');
    expect(d.entries.get('C D')).toMatchObject({ t: 'ref', num: 1, gen: 0 });
    expect(pdf.raw(d.entries.get('E')!)).toBe('[1 -2.5 /F null true]');
    expect(rewriteDict(pdf, d, { B: hexText('ö'), G: undefined, New: '/X' })).toBe('<</A (x \\(y\\) (nested) \\101\\n)\n/C#20D 1 0 R\n/E [1 -2.5 /F null true]\n/B <FEFF00F6>\n/New /X>>');
  });
});
