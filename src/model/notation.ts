/**
 * Dates, times and amounts as people write them in German (18.03.2025, 9:30 Uhr, 1.234,50) and
 * as a ratsdeck file writes them (2025-03-18, "09:30", 1234.50). Files keep one notation; these
 * give the exact replacement for a hint, and a reader of German spreadsheets can use them to
 * convert. Pure functions, no messages.
 */

function realDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `18.03.2025`, `18.3.25`, `2025-3-18`, `18/03/2025` → `2025-03-18`; undefined when it is no date. */
export function isoDateOf(input: string): string | undefined {
  const s = input.trim();
  let y: number;
  let m: number;
  let d: number;
  let g = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$/.exec(s);
  if (g) {
    d = Number(g[1]);
    m = Number(g[2]);
    y = g[3]!.length === 2 ? 2000 + Number(g[3]) : Number(g[3]);
  } else if ((g = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/.exec(s))) {
    y = Number(g[1]);
    m = Number(g[2]);
    d = Number(g[3]);
  } else return undefined;
  return realDate(y, m, d) ? `${y}-${pad(m)}-${pad(d)}` : undefined;
}

/**
 * `9:30`, `9.30`, `9 Uhr`, `9:30 Uhr` → `09:30`. A number is what YAML makes of 9.30
 * (9.3: the trailing zero is gone, so 9.3 is 9:30 and 9.05 is 9:05).
 */
export function timeOf(input: string | number): string | undefined {
  let h: number;
  let min: number;
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) return undefined;
    h = Math.floor(input);
    const frac = Math.round((input - h) * 100);
    min = frac;
  } else {
    const g = /^(\d{1,2})(?:[:.h](\d{2}))?\s*(?:uhr|h)?$/i.exec(input.trim());
    if (!g) return undefined;
    h = Number(g[1]);
    min = g[2] === undefined ? 0 : Number(g[2]);
  }
  return h <= 23 && min <= 59 ? `${pad(h)}:${pad(min)}` : undefined;
}

/**
 * An amount written the German way, or with a unit (`1.234,50`, `1.234.567`, `450.000 €`,
 * `12,5 %`) → how YAML needs it (`1234.50`, `1234567`, `450000`, `12.5`); undefined when it is
 * not one.
 */
export function plainNumberOf(input: string): string | undefined {
  const s = input.replace(/\s*(€|EUR|Euro|%|Prozent)\s*$/i, '').replace(/^(€|EUR)\s*/i, '').replace(/[\s\u00a0\u202f]/g, '').trim();
  if (/^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(s) || /^[+-]?\d+(,\d+)?$/.test(s)) return s.replace(/\./g, '').replace(',', '.');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return s.replace(/,/g, '');
  if (/^[+-]?\d+(\.\d+)?$/.test(s)) return s;
  return undefined;
}
