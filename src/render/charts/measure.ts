/**
 * Text width for Vega's layout. Without a canvas Vega guesses 0.8 em per character, about half
 * again as wide as real text: labels were cut early and the plot squeezed. This uses
 * Helvetica's advance widths (AFM, 1/1000 em) with a margin, since the theme's font is only
 * known in the browser. Measured in Chromium 156 against this estimate (actual/estimate, German
 * labels at 20px): Source Sans 3 0.80–0.86, Atkinson Hyperlegible 0.87–0.91, Liberation Sans
 * 0.91, DejaVu Sans (a common fallback on Linux) 0.98–1.04 with MARGIN 1.1, hence 1.15.
 */

// Widths of the printable ASCII characters 32 (space) to 126 (~), Helvetica regular.
const ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
];
const OTHER: Record<string, number> = {
  '\u00a0': 278, '\u202f': 278, 'ß': 611, '€': 556, '–': 556, '—': 1000, '…': 1000,
  '„': 333, '“': 333, '”': 333, '‚': 222, '‘': 222, '’': 222, '«': 556, '»': 556, '§': 556, '°': 400,
  '−': 584, '·': 278, '×': 584,
};
const MARGIN = 1.15;
const BOLD = 1.08;

function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 32 && code <= 126) return ASCII[code - 32] ?? 556;
  const known = OTHER[ch];
  if (known !== undefined) return known;
  // Accented letters are as wide as their base letter (ä as a, É as E).
  const base = ch.normalize('NFD').charAt(0);
  if (base !== ch) return charWidth(base);
  return code >= 0x2e80 ? 1000 : 600;
}

export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch);
  return (em / 1000) * fontSize * MARGIN * (bold ? BOLD : 1);
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

/**
 * Replacement for vega-scenegraph's textMetrics.width(item, text). Vega truncates a text to
 * item.limit by binary search with this function; reporting at most the limit keeps the bounds
 * of a truncated label right as well.
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const s = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const w = item.fontWeight;
  const bold = w === 'bold' || w === 'bolder' || (typeof w === 'number' && w >= 600) || (typeof w === 'string' && Number(w) >= 600);
  const width = textWidth(s, size, bold);
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}
