// needs: browser
/**
 * The leak test for spreadsheet sources (issue 13; GemO RLP §§ 20, 35, 41): markers planted in
 * non-public rows of a workbook and a CSV file (test/helpers/sheet-leak.ts) never reach a public
 * output — deck folder, single file, slides PDF, handout, archive: file bytes, file names and
 * the text pdf.js extracts. The non-public build shows them (so the search sees them), and
 * a column or a sheet that ratsdeck does not read reaches no build at all.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPath } from '../browser/chromium.js';
import { runCli } from '../helpers/cli.js';
import { SHEET_MARKERS, UNREAD_MARKERS, writeSheetLeakProject } from '../helpers/sheet-leak.js';
import { pageTexts } from '../print/pdf.js';

const BROWSER = browserPath();
const norm = (s: string) => s.normalize('NFC').toLowerCase().replace(/[\s\u00ad-]+/g, '');

let tmp: string;
const texts: Record<'public' | 'nonpublic', { file: string; text: string }[]> = { public: [], nonpublic: [] };

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? [p, ...walk(p)] : [p];
  });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-leak-sheets-'));
  const project = join(tmp, 'projekt');
  await writeSheetLeakProject(project);
  for (const audience of ['public', 'nonpublic'] as const) {
    const out = join(tmp, audience);
    const flag = audience === 'nonpublic' ? ['--nonpublic'] : [];
    for (const argv of [['build', ...flag, '--pdf', '--browser', BROWSER, '--out', out], ['build', ...flag, '--single-file', '--out', out]]) {
      const r = await runCli(argv, project, process.env);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const p of walk(out)) {
      texts[audience].push({ file: relative(out, p), text: norm(relative(out, p)) });
      if (statSync(p).isDirectory()) continue;
      const bytes = readFileSync(p);
      texts[audience].push({ file: p, text: norm(bytes.toString('utf8')) }, { file: p, text: norm(bytes.toString('latin1').replace(/\0/g, '')) });
      if (p.endsWith('.pdf')) texts[audience].push({ file: `${p} (text)`, text: norm((await pageTexts(p)).join('\n')) }, { file: `${p} (text)`, text: norm((await pageTexts(p, { raw: true })).join('\n')) });
    }
  }
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const found = (audience: 'public' | 'nonpublic', marker: string) => texts[audience].filter((t) => t.text.includes(norm(marker))).map((t) => t.file);

describe('spreadsheet sources', () => {
  it('keep every non-public row out of every public output', () => {
    expect(texts.public.some((t) => t.file.endsWith('.pdf (text)'))).toBe(true);
    expect(texts.public.some((t) => t.text.includes(norm('Öffentlicher Meilenstein')))).toBe(true);
    for (const marker of Object.values(SHEET_MARKERS)) expect(found('public', marker), marker).toEqual([]);
    expect(texts.public.filter((t) => t.text.includes('sheetleak')).map((t) => t.file)).toEqual([]);
  });

  it('show the non-public rows in the non-public build, in the HTML and the PDF text (the search sees them)', () => {
    for (const marker of [SHEET_MARKERS.activityTitle, SHEET_MARKERS.milestone, SHEET_MARKERS.kpi, SHEET_MARKERS.network, SHEET_MARKERS.memberAffiliation]) {
      const where = found('nonpublic', marker);
      expect(where.some((f) => f.endsWith('.html')), marker).toBe(true);
      expect(where.some((f) => f.endsWith('.pdf (text)')), marker).toBe(true);
    }
  });

  it('never show a column or a sheet that ratsdeck does not read', () => {
    for (const marker of Object.values(UNREAD_MARKERS)) {
      expect(found('public', marker), marker).toEqual([]);
      expect(found('nonpublic', marker), marker).toEqual([]);
    }
    // The name without consent: only in the non-public build (README: public outputs show the affiliation).
    expect(found('nonpublic', SHEET_MARKERS.noConsentName).length).toBeGreaterThan(0);
  });
});
