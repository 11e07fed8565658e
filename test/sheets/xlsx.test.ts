/**
 * Reading workbooks safely: values and cell types from read-excel-file, what it does not say
 * (formulas without values, error values, percent cells) from the scan, and the limits: zip
 * bombs, too many rows, macros and external links never read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/sheets/xlsx.js';
import { readZipDirectory, readZipEntry, writeStoredZip } from '../../src/sheets/zip.js';
import { workbook } from '../helpers/sheets.js';

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-xlsx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function save(buf: Buffer): string {
  const f = join(tmp, `w${n++}.xlsx`);
  writeFileSync(f, buf);
  return f;
}

/** The parts of a zip, by name. */
function unzip(buf: Buffer): Map<string, Buffer> {
  return new Map(readZipDirectory(buf, 1000).map((e) => [e.name, readZipEntry(buf, e, 1e8)]));
}

/** A zip with deflated entries; `size` may lie about the unpacked size (as a zip bomb's header can). */
function deflatedZip(files: { name: string; data: Buffer; size?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const name = Buffer.from(f.name);
    const packed = deflateRawSync(f.data);
    const size = f.size ?? f.data.length;
    const head = (len: number) => {
      const b = Buffer.alloc(len);
      return b;
    };
    const local = head(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(f.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = head(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(f.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A workbook made by write-excel-file, with its first sheet's XML changed. */
async function edited(edit: (sheet: string) => string, extra: { name: string; data: Buffer }[] = []): Promise<Buffer> {
  const parts = unzip(await workbook([{ sheet: 'Aktivitäten', data: [['Kennung', 'Wert'], ['a', 1]] }]));
  parts.set('xl/worksheets/sheet1.xml', Buffer.from(edit(parts.get('xl/worksheets/sheet1.xml')!.toString('utf8'))));
  return writeStoredZip([...[...parts].map(([name, data]) => ({ name, data })), ...extra]);
}

const values = (r: ReturnType<typeof readWorkbook>) => {
  if ('problem' in r) throw new Error(r.problem.message);
  return r.sheets.map((s) => ({ sheet: s.sheet, rows: s.rows.map((row) => row.map((c) => c.value)) }));
};

describe('readWorkbook', () => {
  it('reads every sheet with text, number, boolean and date cells, in workbook order', async () => {
    const f = save(
      await workbook([
        { sheet: 'Aktivitäten', data: [['Kennung', 'Beginn', 'Planansatz (€)', 'Öffentlich'], ['ozg', { value: new Date(Date.UTC(2025, 2, 18)), type: Date, format: 'dd.mm.yyyy' }, 1234.5, true]] },
        { sheet: 'Meilensteine', data: [['Aktivität'], ['ozg']] },
      ]),
    );
    expect(values(readWorkbook(f))).toEqual([
      { sheet: 'Aktivitäten', rows: [['Kennung', 'Beginn', 'Planansatz (€)', 'Öffentlich'], ['ozg', new Date(Date.UTC(2025, 2, 18)), 1234.5, true]] },
      { sheet: 'Meilensteine', rows: [['Aktivität'], ['ozg']] },
    ]);
    const r = readWorkbook(f) as { sheets: { pos(r: number, c: number): unknown }[] };
    expect(r.sheets[0]!.pos(1, 3)).toEqual({ file: f, line: 2, col: 4, cell: 'Aktivitäten!D2' });
  });

  it('marks percent cells (Excel stores 45 % as 0.45)', async () => {
    const f = save(await workbook([{ sheet: 'S', data: [['Fortschritt (%)'], [{ value: 0.45, format: '0%' }], [0.45]] }]));
    const r = readWorkbook(f) as { sheets: { rows: { value: unknown; percent?: boolean }[][] }[] };
    expect(r.sheets[0]!.rows[1]![0]).toEqual({ value: 0.45, percent: true });
    expect(r.sheets[0]!.rows[2]![0]).toEqual({ value: 0.45 });
  });

  it('finds formulas without a calculated value and error values, which the library reads as empty', async () => {
    const f = save(await edited((xml) => xml.replace('<c r="B2"><v>1</v></c>', '<c r="B2"><f>A2*2</f></c><c r="C2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D2"><f>SUM(B2)</f><v></v></c><c r="E2"><f>1+1</f><v>2</v></c>')));
    const r = readWorkbook(f) as { sheets: { rows: unknown[][] }[] };
    expect(r.sheets[0]!.rows[1]).toEqual([{ value: 'a' }, { value: null, formulaWithoutValue: true }, { value: null, error: '#DIV/0!' }, { value: null, formulaWithoutValue: true }, { value: 2 }]);
  });

  it('never reads macros, external links or anything but the cells (damaged parts there do not matter)', async () => {
    const junk = Buffer.from('not what it claims to be');
    const buf = await edited((xml) => xml, [
      { name: 'xl/vbaProject.bin', data: junk },
      { name: 'xl/externalLinks/externalLink1.xml', data: junk },
    ]);
    // A broken checksum in the macro part: reading it would fail.
    const broken = Buffer.from(buf);
    const at = broken.indexOf('xl/vbaProject.bin') - 30;
    broken.writeUInt32LE(0, at + 14);
    expect(values(readWorkbook(save(broken)))[0]!.rows).toEqual([['Kennung', 'Wert'], ['a', 1]]);
  });

  it('refuses a zip bomb: a part that unpacks to more than the limit, whatever its header says', async () => {
    const parts = unzip(await workbook([{ sheet: 'S', data: [['a']] }]));
    const huge = Buffer.alloc(60 * 1024 * 1024, 0x20);
    const files = [...parts].map(([name, data]) => ({ name, data }));
    const honest = deflatedZip(files.map((f) => (f.name === 'xl/worksheets/sheet1.xml' ? { ...f, data: huge } : f)));
    expect(readWorkbook(save(honest))).toEqual({
      problem: {
        message: 'the workbook unpacks to too much data: xl/worksheets/sheet1.xml unpacks to 60.0 MB (the limit is 50.0 MB)',
        hint: 'ratsdeck refuses it to protect against zip bombs; a project list unpacks to a few megabytes at most',
      },
    });
    const lying = deflatedZip(files.map((f) => (f.name === 'xl/worksheets/sheet1.xml' ? { ...f, data: huge, size: 1000 } : f)));
    expect(readWorkbook(save(lying))).toMatchObject({ problem: { message: 'the workbook unpacks to too much data: xl/worksheets/sheet1.xml unpacks to more than 50.0 MB' } });
  });

  it('refuses a sheet with too many rows before reading its cells', async () => {
    const f = save(await edited((xml) => xml.replace('</sheetData>', '<row r="20000"><c r="A20000"><v>1</v></c></row></sheetData>')));
    expect(readWorkbook(f)).toMatchObject({ problem: { message: 'the sheet Aktivitäten has more than 10000 rows' } });
  });

  it('says what a file is when it is no .xlsx workbook', () => {
    const xls = save(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(readWorkbook(xls)).toMatchObject({ problem: { message: 'this is an Excel 97–2003 workbook (.xls) or a password-protected one, not an .xlsx workbook' } });
    expect(readWorkbook(save(Buffer.from('Kennung;Titel;Ampel\nozg;Online-Dienste;gelb\n')))).toMatchObject({ problem: { message: 'this is not an .xlsx workbook (no zip directory found)' } });
    expect(readWorkbook(save(writeStoredZip([{ name: 'hello.txt', data: Buffer.from('hi') }])))).toMatchObject({ problem: { message: 'this zip file holds no Excel workbook (xl/workbook.xml is missing)' } });
  });
});
