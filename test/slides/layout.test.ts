/**
 * The build-time estimates of what fits on a slide (src/slides/layout.ts), against what Chromium
 * measured on the stadt theme (issue 11): the tables continue where the rows really run out.
 */
import { describe, expect, it } from 'vitest';
import { contentTop, rowHeight, TABLE, tableColumns, textLines, typeMetrics } from '../../src/slides/layout.js';

const stadt = typeMetrics('stadt');
const font = TABLE.font(stadt);

describe('textLines', () => {
  it('breaks at spaces as the browser did, or one line more where the text only just fits (never fewer)', () => {
    // Lines measured in Chromium at 19.24 px Source Sans 3 (semibold in the 372 px title column).
    const measured: [string, number, boolean, number][] = [
      ['Smart-City-Strategie', 372, true, 1],
      ['Online-Dienste nach dem Onlinezugangsgesetz (OZG)', 372, true, 2],
      ['Einführung der elektronischen Akte (E-Akte) in allen Fachämtern – Phase 2', 372, true, 2],
      ['80-Amt für Wirtschaftsförderung', 214, false, 2],
      ['10-Hauptamt', 214, false, 1],
    ];
    for (const [text, width, bold, lines] of measured) expect(textLines(text, width, font, stadt, bold), text).toBe(lines);
    // 1 line in Chromium, with 8 px to spare: the estimate's margin makes it 2.
    expect(textLines('Einführung der elektronischen Akte (E-Akte)', 372, font, stadt, true)).toBe(2);
  });

  it('a word wider than the box takes the lines it breaks into; no text, no line', () => {
    expect(textLines('Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen', 100, font, stadt)).toBeGreaterThan(3);
    expect(textLines(undefined, 100, font, stadt)).toBe(0);
    expect(textLines('', 100, font, stadt)).toBe(0);
  });

  it("a theme of the project's own is estimated wider (its font is unknown), kontrast larger", () => {
    const text = 'Digitale Schule: Ausstattung der städtischen Schulen mit Endgeräten';
    const own = typeMetrics('eigenes.css');
    expect(textLines(text, 300, font, own)).toBeGreaterThanOrEqual(textLines(text, 300, font, stadt));
    expect(typeMetrics('kontrast').size).toBeGreaterThan(stadt.size);
  });
});

describe('rows and the room for them', () => {
  it('row heights as measured: 58 px for a one-line title with its sub-line, 84 for two, 63 for two lines elsewhere', () => {
    expect(Math.round(rowHeight(stadt, 1, [1], true))).toBe(58);
    expect(Math.round(rowHeight(stadt, 2, [1], true))).toBe(84);
    expect(Math.round(rowHeight(stadt, 1, [2], true))).toBe(63);
  });

  it('content starts 113 px down under a one-line title, a title line lower for each further line', () => {
    expect(Math.round(contentTop('Aktivitäten im Überblick', stadt))).toBe(113);
    const long = 'Aktivitäten im Überblick mit allen Ämtern, Dezernaten und Eigenbetrieben der Stadt und ihren Partnern in der Region';
    expect(Math.round(contentTop(long, stadt))).toBe(113 + 48);
  });
});

describe('tableColumns: the widths of automatic table layout', () => {
  it('text that fits on one line keeps to one line, the rest of the width shared out', () => {
    const [a, b] = tableColumns([{ texts: ['kurz'] }, { texts: ['auch kurz'] }], stadt, 1152);
    expect(a! + b! + 40).toBeCloseTo(1152, 0);
    expect(b!).toBeGreaterThan(a!);
  });

  it('long texts share the width by how much more they need; no column below its longest word; a set width stays', () => {
    const long = 'Förderprogramm des Bundes für 5G-Anwendungen, 75 %, 60.000 € und weitere Mittel des Landes';
    const [fixed, text, word] = tableColumns([{ texts: [], fixed: 300 }, { texts: [long, long] }, { texts: ['Zuwendungsbescheid'] }], stadt, 800);
    expect(fixed).toBe(300);
    expect(word).toBeGreaterThan(100);
    expect(fixed! + text! + word! + 60).toBeCloseTo(800, 0);
  });
});
