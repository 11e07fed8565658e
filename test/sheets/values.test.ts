/** Values as people type them into a spreadsheet: booleans, dates, German numbers, lists. */
import { describe, expect, it } from 'vitest';
import { parseNumberText, readCell, type Cell, type Kind } from '../../src/sheets/index.js';

const read = (value: Cell['value'], kind: Kind, more: Partial<Cell> = {}) => readCell({ value, ...more }, kind);

describe('readCell', () => {
  it.each([
    ['ja', true], ['Ja', true], ['x', true], ['X', true], ['1', true], ['wahr', true], ['WAHR', true], ['true', true], ['yes', true],
    ['nein', false], ['Nein', false], ['0', false], ['falsch', false], ['FALSE', false], ['no', false],
  ])('reads %j as %j', (text, value) => {
    expect(read(text, 'bool')).toEqual({ value });
  });

  it('reads boolean cells and numbers 1/0 as booleans, an empty cell as nothing', () => {
    expect(read(true, 'bool')).toEqual({ value: true });
    expect(read(0, 'bool')).toEqual({ value: false });
    expect(read(null, 'bool')).toEqual({ empty: true });
    expect(read('  ', 'bool')).toEqual({ empty: true });
  });

  it('says what a yes/no cell accepts', () => {
    expect(read('vielleicht', 'bool')).toEqual({ problem: 'expected ja or nein; got "vielleicht"', hint: 'also accepted: x or an empty cell, 1 or 0, wahr or falsch, true or false' });
  });

  it('reads date cells, 2025-03-18 and 18.03.2025 as ISO dates', () => {
    expect(read(new Date(Date.UTC(2025, 2, 18)), 'date')).toEqual({ value: '2025-03-18' });
    expect(read('2025-03-18', 'date')).toEqual({ value: '2025-03-18' });
    expect(read('18.03.2025', 'date')).toEqual({ value: '2025-03-18' });
    expect(read('8.3.2025', 'date')).toEqual({ value: '2025-03-08' });
  });

  it('refuses impossible and unreadable dates at the cell, with the fix', () => {
    expect(read('31.02.2025', 'date')).toEqual({ problem: 'impossible date "31.02.2025"' });
    expect(read('März 2025', 'date')).toEqual({ problem: 'expected a date; got "März 2025"', hint: 'use a date cell, or write 18.03.2025 or 2025-03-18' });
    expect(read(45734, 'date')).toMatchObject({ problem: 'expected a date; got the number 45734' });
  });

  it.each([
    ['1.234,50', 1234.5], ['1234,5', 1234.5], ['450.000', 450000], ['1.234.567', 1234567], ['450000', 450000], ['12.5', 12.5],
    ['1,234.50', 1234.5], ['45 %', 45], ['45%', 45], ['1.234,50 €', 1234.5], ['-3,5', -3.5], ['1 234,5', 1234.5],
  ])('reads the German number %j as %j', (text, value) => {
    expect(parseNumberText(text)).toBe(value);
    expect(read(text, 'number')).toEqual({ value });
  });

  it('reads number cells as they are, and a percent cell (0.45 shown as 45 %) as 45', () => {
    expect(read(510000, 'number')).toEqual({ value: 510000 });
    expect(read(0.35, 'percent', { percent: true })).toEqual({ value: 35 });
    expect(read(0.5, 'number', { percent: true })).toEqual({ value: 50 });
  });

  it('refuses text that is no number, and a fraction where a whole number belongs', () => {
    expect(read('ca. 5000', 'number')).toEqual({ problem: 'expected a number; got "ca. 5000"', hint: 'write the number alone, e.g. 1.234,50 or 45 %' });
    expect(read(2021.5, 'int')).toEqual({ problem: 'expected a whole number; got 2021.5' });
    expect(read(true, 'number')).toMatchObject({ problem: 'expected a number; got true' });
  });

  it('reads text as typed: numbers as their digits, dates as ISO, line endings as \\n', () => {
    expect(read(99050012104000, 'text')).toEqual({ value: '99050012104000' });
    expect(read(80, 'id')).toEqual({ value: '80' });
    expect(read('  Zeile 1\r\nZeile 2  ', 'text')).toEqual({ value: 'Zeile 1\nZeile 2' });
    expect(read(new Date(Date.UTC(2021, 0, 2)), 'text')).toEqual({ value: '2021-01-02' });
  });

  it('hands enum words to the model as typed (the model knows German words)', () => {
    expect(read('gelb', 'enum')).toEqual({ value: 'gelb' });
    expect(read('Umsetzung', 'enum')).toEqual({ value: 'Umsetzung' });
  });

  it('splits list cells: lines, or lines and ";"', () => {
    expect(read('Erstes Risiko\n• Zweites Risiko; mit Semikolon\n\n', 'lines')).toEqual({ value: ['Erstes Risiko', 'Zweites Risiko; mit Semikolon'] });
    expect(read('Fachämter; Land Rheinland-Pfalz\nPersonalrat', 'items')).toEqual({ value: ['Fachämter', 'Land Rheinland-Pfalz', 'Personalrat'] });
  });

  it('writes a maturity model typed as a number with its decimal', () => {
    expect(read(2, 'version')).toEqual({ value: '2.0' });
    expect(read(1.1, 'version')).toEqual({ value: '1.1' });
    expect(read('1.1', 'version')).toEqual({ value: '1.1' });
    expect(read('2,0', 'version')).toEqual({ value: '2.0' });
  });

  it('refuses a formula without a calculated value, and an error value', () => {
    expect(read(null, 'number', { formulaWithoutValue: true })).toEqual({
      problem: 'the formula in this cell has no calculated value',
      hint: 'open the file in Excel or LibreOffice and save it again, so that the results are stored with the formulas',
    });
    expect(read(null, 'number', { error: '#DIV/0!' })).toEqual({ problem: 'the cell shows the error #DIV/0!', hint: 'correct the formula or the value in the cell' });
  });
});
