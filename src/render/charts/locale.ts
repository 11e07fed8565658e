/**
 * The Vega locale (number and time formats on chart axes), derived from the same Intl locale as
 * every other value (../format.ts), so axis labels and the text alternative agree (de-DE puts
 * U+00A0 before "€" and "%").
 */
import { locale } from '../format.js';
import type { Lang } from './types.js';

/** d3-time-format's patterns for de-DE and en-GB (the axes use explicit formats; these are Vega's defaults). */
const TIME_PATTERNS: Record<Lang, { dateTime: string; date: string; time: string }> = {
  de: { dateTime: '%A, der %e. %B %Y, %X', date: '%d.%m.%Y', time: '%H:%M:%S' },
  en: { dateTime: '%a %e %b %X %Y', date: '%d/%m/%Y', time: '%H:%M:%S' },
};

// Vega locale: https://vega.github.io/vega/docs/api/locale/

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
  const tag = locale(lang);
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
      // Patterns of d3-time-format's locale for the deck's Intl locale; the names come from Intl.
      ...TIME_PATTERNS[lang],
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
  const parts = new Intl.NumberFormat(locale(lang), {
    style: 'currency',
    currency: 'EUR',
    notation: 'compact',
  }).formatToParts(1e6);
  return affixes(parts);
}
