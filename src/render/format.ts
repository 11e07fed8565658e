/**
 * The one formatting module (issue 10, finding 4): dates, times, money, numbers and percentages
 * for slides, charts, the footer and the PDF metadata, through Intl in the deck's locale
 * (DOMAIN.md: "never format numbers by hand"). English is en-GB everywhere (the locale the HTML
 * declares), so a date reads the same on a slide, in a chart and in the PDF.
 *
 * Dates in the model are calendar dates (YYYY-MM-DD); they are formatted in UTC so no time zone
 * can shift them by a day. Percentages are always 0–100, as the model stores them.
 */
import { CONSULTATION_ROLE_LABELS, LABELS, type Lang } from './i18n.js';

/** The Intl locale of a deck language: the one the HTML declares (`lang` in i18n.ts). */
export function locale(lang: Lang): string {
  return LABELS[lang].lang;
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(lang: Lang, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n:${lang}:${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(locale(lang), opts)));
  return f;
}
function df(lang: Lang, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d:${lang}:${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(locale(lang), { ...opts, timeZone: 'UTC' })));
  return f;
}

/** Milliseconds since the epoch of an ISO date (YYYY-MM-DD), taken as UTC midnight. */
export function parseIsoDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new TypeError(`expected a date written as YYYY-MM-DD, got ${JSON.stringify(s)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/** A calendar date: YYYY-MM-DD, or UTC midnight in milliseconds (the charts' time axis). */
export type CalendarDate = string | number;
const ms = (d: CalendarDate): number => (typeof d === 'number' ? d : parseIsoDate(d));

/** 20.05.2021 (de) or 20/05/2021 (en). */
export function formatDate(date: CalendarDate, lang: Lang): string {
  return df(lang, 'short', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms(date));
}

/** 20. Mai 2021 (de) or 20 May 2021 (en). */
export function formatDateLong(date: CalendarDate, lang: Lang): string {
  return df(lang, 'long', { day: 'numeric', month: 'long', year: 'numeric' }).format(ms(date));
}

/** Mai 2021 (short month, for axes). */
export function formatMonth(date: CalendarDate, lang: Lang): string {
  return df(lang, 'month', { month: 'short', year: 'numeric' }).format(ms(date));
}

/** Januar 2021 / January 2021 (a chart's time span in words). */
export function formatMonthYear(date: CalendarDate, lang: Lang): string {
  return df(lang, 'monthYear', { month: 'long', year: 'numeric' }).format(ms(date));
}

/** 17:00 Uhr (de) or 17:00 (en): the words around the time come from i18n.ts. */
export function formatTime(hhmm: string, lang: Lang): string {
  return LABELS[lang].timeOfDay.replace('{time}', hhmm);
}

/** 1.234,56 € — whole euros without cents, otherwise two decimals. */
export function formatMoney(value: number, lang: Lang): string {
  const whole = Number.isInteger(value);
  return nf(lang, whole ? 'eur0' : 'eur2', {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(value);
}

/** Signed money for deltas: +12.000 € / −3.500 €. */
export function formatMoneyDelta(value: number, lang: Lang): string {
  const whole = Number.isInteger(value);
  return nf(lang, whole ? 'eurd0' : 'eurd2', {
    style: 'currency',
    currency: 'EUR',
    signDisplay: 'exceptZero',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(value);
}

/** Short money for bar labels: "1,2 Mio. €" from a million up, else "250.000 €". */
export function formatMoneyShort(value: number, lang: Lang): string {
  if (Math.abs(value) >= 1e6) {
    return nf(lang, 'eurCompact', {
      style: 'currency',
      currency: 'EUR',
      notation: 'compact',
      compactDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value);
  }
  return nf(lang, 'eur0', { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(value);
}

/**
 * 45,6 % from 45.6: percentages are 0–100 everywhere, as the model stores them. At most one
 * decimal on slides; a chart's sentence rounds to whole percent (`digits` 0).
 */
export function formatPercent(value: number, lang: Lang, digits: 0 | 1 = 1): string {
  return nf(lang, `pct${digits}`, { style: 'percent', maximumFractionDigits: digits }).format(value / 100);
}

/** Up to two decimals, grouped: 1.234,5. */
export function formatNumber(value: number, lang: Lang): string {
  return nf(lang, 'num', { maximumFractionDigits: 2 }).format(value);
}

/** A count: 1.234. */
export function formatInteger(value: number, lang: Lang): string {
  return nf(lang, 'int', { maximumFractionDigits: 0 }).format(value);
}

/** „…“ in German, “…” in English (the marks are in i18n.ts). */
export function quote(s: string, lang: Lang): string {
  const L = LABELS[lang];
  return `${L.quoteOpen}${s}${L.quoteClose}`;
}

/** Fills the {placeholders} of a sentence from i18n.ts. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** A consultation's role: a known one ("kenntnisnahme", "zur Entscheidung") in the deck's words, any other as sent. */
export function consultationRole(role: string, lang: Lang): string {
  const key = role.normalize('NFC').trim().toLocaleLowerCase('de-DE').replace(/^zur\s+/, '');
  return CONSULTATION_ROLE_LABELS[lang][key] ?? role.trim();
}
