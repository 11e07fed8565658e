/**
 * Formatting for the charts. Everything goes through Intl (DOMAIN.md: never format numbers by
 * hand); the Vega locale is derived from Intl too, so axis labels and the text alternative agree
 * (de-DE puts U+00A0 before "€" and "%").
 */
import type { Lang } from './types.js';

export const LOCALE_TAG: Record<Lang, string> = { de: 'de-DE', en: 'en-US' };

const cache = new Map<string, Intl.NumberFormat>();
function nf(lang: Lang, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `${lang}|${key}`;
  let f = cache.get(k);
  if (!f) {
    f = new Intl.NumberFormat(LOCALE_TAG[lang], opts);
    cache.set(k, f);
  }
  return f;
}

/** "1.234.000 €", "1.234,50 €" (cents only when there are any). */
export function formatMoney(value: number, lang: Lang): string {
  const digits = Number.isInteger(value) ? 0 : 2;
  return nf(lang, `money${digits}`, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** Short money for bar labels: "1,2 Mio. €" from a million up, else "250.000 €". */
export function formatMoneyShort(value: number, lang: Lang): string {
  if (Math.abs(value) >= 1e6) {
    return nf(lang, 'moneyCompact', {
      style: 'currency',
      currency: 'EUR',
      notation: 'compact',
      compactDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(value);
  }
  return nf(lang, 'money0', {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  }).format(value);
}

export function formatInteger(value: number, lang: Lang): string {
  return nf(lang, 'int', { maximumFractionDigits: 0 }).format(value);
}

export function formatPercent(ratio: number, lang: Lang): string {
  return nf(lang, 'pct', { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/** Milliseconds since the epoch of an ISO date (YYYY-MM-DD), taken as UTC midnight. */
export function parseIsoDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new TypeError(`expected a date written as YYYY-MM-DD, got ${JSON.stringify(s)}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

// Dates are calendar dates without a time; formatting them in UTC keeps the day whatever the
// machine's time zone is (the dates mean Europe/Berlin days, and UTC midnight is that day).
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function df(lang: Lang, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `${lang}|${key}`;
  let f = dateFormats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALE_TAG[lang], { ...opts, timeZone: 'UTC' });
    dateFormats.set(k, f);
  }
  return f;
}

/** "20.05.2021" / "May 20, 2021". */
export function formatDate(ms: number, lang: Lang): string {
  return lang === 'de'
    ? df(lang, 'date', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(ms)
    : df(lang, 'date', { dateStyle: 'medium' }).format(ms);
}

/** "Mai 2021" / "May 2021". */
export function formatMonthYear(ms: number, lang: Lang): string {
  return df(lang, 'monthYear', { month: 'long', year: 'numeric' }).format(ms);
}

/** „…“ in German, “…” in English. */
export function quote(s: string, lang: Lang): string {
  return lang === 'de' ? `„${s}“` : `“${s}”`;
}

// ---------------------------------------------------------------------------------------------
// Vega locale (https://vega.github.io/vega/docs/api/locale/), built from Intl

export interface VegaLocale {
  number: {
    decimal: string;
    thousands: string;
    grouping: number[];
    currency: [string, string];
    minus: string;
    percent: string;
  };
  time: {
    dateTime: string;
    date: string;
    time: string;
    periods: [string, string];
    days: string[];
    shortDays: string[];
    months: string[];
    shortMonths: string[];
  };
}

type Parts = Intl.NumberFormatPart[];
function partValue(parts: Parts, type: Intl.NumberFormatPartTypes, fallback: string): string {
  return parts.find((p) => p.type === type)?.value ?? fallback;
}
/** Text before and after the number in a formatted value. */
function affixes(parts: Parts): [string, string] {
  const isNumber = (t: string) => ['integer', 'group', 'decimal', 'fraction', 'minusSign'].includes(t);
  const first = parts.findIndex((p) => isNumber(p.type));
  let last = -1;
  parts.forEach((p, i) => {
    if (isNumber(p.type)) last = i;
  });
  const join = (ps: Parts) => ps.filter((p) => p.type !== 'minusSign').map((p) => p.value).join('');
  return [join(parts.slice(0, first)), join(parts.slice(last + 1))];
}

const vegaLocales = new Map<Lang, VegaLocale>();

export function vegaLocale(lang: Lang): VegaLocale {
  const hit = vegaLocales.get(lang);
  if (hit) return hit;
  const tag = LOCALE_TAG[lang];
  const plain = new Intl.NumberFormat(tag).formatToParts(-1234567.5);
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' }).formatToParts(1234.5);
  const pct = new Intl.NumberFormat(tag, { style: 'percent' }).formatToParts(0.5);
  const names = (opts: Intl.DateTimeFormatOptions, type: 'month' | 'weekday', n: number, at: (i: number) => number) => {
    const f = new Intl.DateTimeFormat(tag, { ...opts, timeZone: 'UTC' });
    return Array.from({ length: n }, (_, i) => f.formatToParts(at(i)).find((p) => p.type === type)?.value ?? '');
  };
  const month = (i: number) => Date.UTC(2021, i, 1);
  const weekday = (i: number) => Date.UTC(2021, 0, 3 + i); // 2021-01-03 is a Sunday
  const loc: VegaLocale = {
    number: {
      decimal: partValue(plain, 'decimal', '.'),
      thousands: partValue(plain, 'group', ','),
      grouping: [3],
      currency: affixes(money),
      minus: partValue(plain, 'minusSign', '-'),
      percent: affixes(pct)[1],
    },
    time: {
      // Patterns of d3-time-format's de-DE and en-US locales; the names come from Intl.
      dateTime: lang === 'de' ? '%A, der %e. %B %Y, %X' : '%x, %X',
      date: lang === 'de' ? '%d.%m.%Y' : '%-m/%-d/%Y',
      time: lang === 'de' ? '%H:%M:%S' : '%-I:%M:%S %p',
      periods: ['AM', 'PM'],
      days: names({ weekday: 'long' }, 'weekday', 7, weekday),
      shortDays: names({ weekday: 'short' }, 'weekday', 7, weekday),
      // Month names as used in a date ("Jan. 2021", "März 2021"), not the stand-alone forms.
      months: names({ month: 'long', day: 'numeric' }, 'month', 12, month),
      shortMonths: names({ month: 'short', day: 'numeric' }, 'month', 12, month),
    },
  };
  vegaLocales.set(lang, loc);
  return loc;
}

/**
 * Prefix and suffix that Intl puts around a number of millions in compact currency notation:
 * ["", "\u00a0Mio.\u00a0€"] in German, ["€", "M"] in English. Used to build the Vega axis label
 * expression so abbreviated axis labels read like formatMoneyShort().
 */
export function millionsAffixes(lang: Lang): [string, string] {
  const parts = new Intl.NumberFormat(LOCALE_TAG[lang], {
    style: 'currency',
    currency: 'EUR',
    notation: 'compact',
  }).formatToParts(1e6);
  return affixes(parts);
}
