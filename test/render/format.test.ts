/**
 * Dates, numbers, money and percentages through Intl (src/render/format.ts). Expected strings
 * are written out with their exact spaces: Intl puts a no-break space (U+00A0) between a number
 * and € or %, which keeps "1.234,56 €" on one line of a slide.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  formatDate,
  formatDateLong,
  formatMoney,
  formatMoneyDelta,
  formatMonth,
  formatNumber,
  formatPercent,
  formatTime,
} from '../../src/render/format.js';

const NBSP = '\u00a0';

describe('dates', () => {
  it('formats German dates as DD.MM.YYYY and "20. Mai 2021"', () => {
    expect(formatDate('2021-05-20', 'de')).toBe('20.05.2021');
    expect(formatDateLong('2021-05-20', 'de')).toBe('20. Mai 2021');
    expect(formatDateLong('2021-03-01', 'de')).toBe('1. März 2021');
    expect(formatDate('2021-01-01', 'de')).toBe('01.01.2021');
  });

  it('formats English dates (en-GB: day first, month name)', () => {
    expect(formatDate('2021-05-20', 'en')).toBe('20/05/2021');
    expect(formatDateLong('2021-05-20', 'en')).toBe('20 May 2021');
  });

  it('formats months for axes', () => {
    expect(formatMonth('2021-05-20', 'de')).toBe('Mai 2021');
    expect(formatMonth('2021-05-20', 'en')).toBe('May 2021');
  });

  // The days the clocks change in Europe, the first and last day of a year and a leap day:
  // a formatter that went through local midnight would show the day before or after in some
  // time zone.
  const edges = [
    ['2021-03-28', '28.03.2021', '28. März 2021'],
    ['2021-10-31', '31.10.2021', '31. Oktober 2021'],
    ['2021-01-01', '01.01.2021', '1. Januar 2021'],
    ['2021-12-31', '31.12.2021', '31. Dezember 2021'],
    ['2024-02-29', '29.02.2024', '29. Februar 2024'],
  ] as const;
  it.each(edges)('%s is formatted as that calendar day', (iso, short, long) => {
    expect(formatDate(iso, 'de')).toBe(short);
    expect(formatDateLong(iso, 'de')).toBe(long);
  });

  // Intl reads TZ once per process, so other zones need other processes: format.ts (and the
  // i18n.ts it reads its locale from) is transpiled once and run under TZ settings from UTC−10 to UTC+14.
  it('gives the same day in every time zone (separate processes with TZ set)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-tz-'));
    try {
      // format.ts imports only i18n.ts at run time (i18n.ts imports types only).
      for (const name of ['format', 'i18n']) {
        const src = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'render', `${name}.ts`), 'utf8');
        const js = ts.transpileModule(src, {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        }).outputText;
        writeFileSync(join(dir, `${name}.js`), js);
      }
      const mod = join(dir, 'format.js');
      // The child also reports its UTC offset on that day: proof that TZ took effect there.
      const script =
        `const f = await import(${JSON.stringify(pathToFileURL(mod).href)});` +
        `const days = ${JSON.stringify(edges.map((e) => e[0]))};` +
        `process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2021, 4, 20)).getTimezoneOffset(),` +
        ` out: days.map((d) => [f.formatDate(d, 'de'), f.formatDateLong(d, 'de'), f.formatDate(d, 'en')]) }));`;
      const expected = edges.map(([iso, short, long]) => [short, long, formatDate(iso, 'en')]);
      const zones = { 'Pacific/Honolulu': 600, 'America/Los_Angeles': 420, 'Europe/Berlin': -120, 'Pacific/Kiritimati': -840 };
      for (const [tz, offset] of Object.entries(zones)) {
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
          env: { ...process.env, TZ: tz },
          encoding: 'utf8',
        });
        expect(r.stderr, tz).toBe('');
        expect(JSON.parse(r.stdout), tz).toEqual({ offset, out: expected });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('formats times with "Uhr" in German only', () => {
    expect(formatTime('17:00', 'de')).toBe('17:00 Uhr');
    expect(formatTime('09:30', 'en')).toBe('09:30');
  });
});

describe('money', () => {
  it('formats euros the German way, with a no-break space before €', () => {
    expect(formatMoney(1234.56, 'de')).toBe(`1.234,56${NBSP}€`);
    expect(formatMoney(450000, 'de')).toBe(`450.000${NBSP}€`);
    expect(formatMoney(162000.5, 'de')).toBe(`162.000,50${NBSP}€`);
    expect(formatMoney(0, 'de')).toBe(`0${NBSP}€`);
    expect(formatMoney(1_234_567, 'de')).toBe(`1.234.567${NBSP}€`);
  });

  it('rounds to cents', () => {
    expect(formatMoney(0.005, 'de')).toBe(`0,01${NBSP}€`);
    expect(formatMoney(1234.567, 'de')).toBe(`1.234,57${NBSP}€`);
  });

  it('formats euros in English (en-GB)', () => {
    expect(formatMoney(1234.56, 'en')).toBe('€1,234.56');
    expect(formatMoney(450000, 'en')).toBe('€450,000');
  });

  it('gives deltas a sign: plus for more, minus for less, none for zero', () => {
    expect(formatMoneyDelta(12000, 'de')).toBe(`+12.000${NBSP}€`);
    expect(formatMoneyDelta(-3500, 'de')).toBe(`-3.500${NBSP}€`);
    expect(formatMoneyDelta(265.44, 'de')).toBe(`+265,44${NBSP}€`);
    expect(formatMoneyDelta(-287999.5, 'de')).toBe(`-287.999,50${NBSP}€`);
    expect(formatMoneyDelta(0, 'de')).toBe(`0${NBSP}€`);
    expect(formatMoneyDelta(12000, 'en')).toBe('+€12,000');
    expect(formatMoneyDelta(-3500, 'en')).toBe('-€3,500');
  });

  it('does not print a delta computed with floating-point noise as cents it does not have', () => {
    // 1500 - 1234.56 = 265.44000000000005 in binary floating point.
    expect(formatMoneyDelta(1500 - 1234.56, 'de')).toBe(`+265,44${NBSP}€`);
  });
});

describe('percentages and numbers', () => {
  it('formats percentages (stored as 0–100) with one decimal at most', () => {
    expect(formatPercent(45.6, 'de')).toBe(`45,6${NBSP}%`);
    expect(formatPercent(100, 'de')).toBe(`100${NBSP}%`);
    expect(formatPercent(0, 'de')).toBe(`0${NBSP}%`);
    expect(formatPercent(33.333, 'de')).toBe(`33,3${NBSP}%`);
    expect(formatPercent(45.6, 'en')).toBe('45.6%');
  });

  it('formats plain numbers with grouping and up to two decimals', () => {
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(formatNumber(2000, 'de')).toBe('2.000');
    expect(formatNumber(0.125, 'de')).toBe('0,13');
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
});
