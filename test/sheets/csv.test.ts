/** CSV as German Excel saves it: encodings, delimiters, CRLF, quoted fields; every field's line and column. */
import { describe, expect, it } from 'vitest';
import { decodeCsv, detectDelimiter, parseCsvText } from '../../src/sheets/csv.js';

const grid = (text: string) => {
  const r = parseCsvText(text, 'x.csv');
  if ('problem' in r) throw new Error(r.problem.message);
  return r.grid;
};

describe('decodeCsv', () => {
  it('reads UTF-8 with and without BOM, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeCsv(Buffer.from('\ufeffKennung;Titel\r\n', 'utf8'))).toEqual({ text: 'Kennung;Titel\r\n', encoding: 'UTF-8 with BOM' });
    expect(decodeCsv(Buffer.from('Größe;Maß\r\n', 'utf8'))).toEqual({ text: 'Größe;Maß\r\n', encoding: 'UTF-8' });
    // "Größe;Maß – 5 €" as German Excel writes it (ö = F6, ß = DF, – = 96, € = 80).
    const cp1252 = Buffer.from([0x47, 0x72, 0xf6, 0xdf, 0x65, 0x3b, 0x4d, 0x61, 0xdf, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]);
    expect(decodeCsv(cp1252)).toEqual({ text: 'Größe;Maß – 5 €', encoding: 'Windows-1252' });
  });

  it('reads UTF-16 with BOM, and refuses a binary file', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a;b', 'utf16le')]))).toMatchObject({ text: 'a;b' });
    expect(decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toMatchObject({ problem: { message: 'this is a binary file, not CSV text' } });
  });
});

describe('detectDelimiter', () => {
  it('takes the most frequent of ; , and tab in the header line, ; on a tie', () => {
    expect(detectDelimiter('Kennung;Titel;Ampel\r\na,b;c')).toBe(';');
    expect(detectDelimiter('id,title,"status; light"\n')).toBe(',');
    expect(detectDelimiter('id\ttitle\n')).toBe('\t');
    expect(detectDelimiter('id\n')).toBe(';');
  });
});

describe('parseCsvText', () => {
  it('gives each field its line and column, counted on the text (quoted line breaks included)', () => {
    const text = 'Kennung;Beschreibung;Ampel\r\nerste;"Zwei\r\nZeilen; mit ""Zitat""";gelb\r\nzweite;kurz;lila\r\n';
    const g = grid(text);
    expect(g.rows.map((r) => r.map((c) => c.value))).toEqual([
      ['Kennung', 'Beschreibung', 'Ampel'],
      ['erste', 'Zwei\r\nZeilen; mit "Zitat"', 'gelb'],
      ['zweite', 'kurz', 'lila'],
    ]);
    expect(g.pos(1, 0)).toEqual({ file: 'x.csv', line: 2, col: 1 });
    expect(g.pos(1, 1)).toEqual({ file: 'x.csv', line: 2, col: 7 });
    // After the quoted field that ends on line 3.
    expect(g.pos(1, 2)).toEqual({ file: 'x.csv', line: 3, col: 24 });
    expect(g.pos(2, 2)).toEqual({ file: 'x.csv', line: 4, col: 13 });
  });

  it('counts columns in characters, also after umlauts, and without the BOM', () => {
    const g = grid('\ufeffTitel;Ämter;Ampel\nÄußeres;Öl;grün\n');
    expect(g.pos(0, 1)).toEqual({ file: 'x.csv', line: 1, col: 7 });
    expect(g.pos(1, 2)).toEqual({ file: 'x.csv', line: 2, col: 12 });
  });

  it('keeps empty lines as rows (so that line numbers stay right) and reads short rows', () => {
    const g = grid('a;b\n\nc\n');
    expect(g.rows.map((r) => r.map((c) => c.value))).toEqual([['a', 'b'], [''], ['c']]);
    expect(g.pos(2, 1)).toEqual({ file: 'x.csv', line: 3, col: 1 });
  });

  it('says where a quote is never closed', () => {
    const r = parseCsvText('a;b\nx;"offen\n', 'x.csv');
    expect(r).toMatchObject({ problem: { message: 'a quoted field is never closed (a " is missing)', line: 2, col: 3 } });
    // At the quote that opens it, not at the end of the file (where csv-parse stops), after
    // quoted fields with line breaks, doubled quotes and the delimiter inside.
    const later = parseCsvText('a;b;c\r\nx;"mit ; und\r\nZeile";"""zitiert"""\r\ny;"offen;z\r\nw;v;u\r\n', 'x.csv');
    expect(later).toMatchObject({ problem: { line: 4, col: 3 } });
  });
});
