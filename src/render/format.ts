/**
 * Dates, numbers, money and percentages through Intl for the deck's language (DOMAIN.md:
 * "never format numbers by hand"). Dates in the model are calendar dates (YYYY-MM-DD); they
 * are formatted in UTC so no time zone can shift them by a day.
 */
import type { Lang } from './i18n.js';

const LOCALE: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function nf(lang: Lang, key: string, opts: Intl.NumberFormatOptions): Intl.NumberFormat {
  const k = `n:${lang}:${key}`;
  let f = cache.get(k) as Intl.NumberFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.NumberFormat(LOCALE[lang], opts)));
  return f;
}
function df(lang: Lang, key: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const k = `d:${lang}:${key}`;
  let f = cache.get(k) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(k, (f = new Intl.DateTimeFormat(LOCALE[lang], { ...opts, timeZone: 'UTC' })));
  return f;
}

function toDate(iso: string): Date {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
}

/** 20.05.2021 (de) or 20/05/2021 (en). */
export function formatDate(iso: string, lang: Lang): string {
  return df(lang, 'short', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(iso));
}

/** 20. Mai 2021 (de) or 20 May 2021 (en). */
export function formatDateLong(iso: string, lang: Lang): string {
  return df(lang, 'long', { day: 'numeric', month: 'long', year: 'numeric' }).format(toDate(iso));
}

/** Mai 2021 */
export function formatMonth(iso: string, lang: Lang): string {
  return df(lang, 'month', { month: 'short', year: 'numeric' }).format(toDate(iso));
}

/** 17:00 Uhr (de) or 17:00 (en). */
export function formatTime(hhmm: string, lang: Lang): string {
  return lang === 'de' ? `${hhmm} Uhr` : hhmm;
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

/** 45,6 % from 45.6 (the model stores percentages as 0–100). */
export function formatPercent(value: number, lang: Lang): string {
  return nf(lang, 'pct', { style: 'percent', maximumFractionDigits: 1 }).format(value / 100);
}

export function formatNumber(value: number, lang: Lang): string {
  return nf(lang, 'num', { maximumFractionDigits: 2 }).format(value);
}
