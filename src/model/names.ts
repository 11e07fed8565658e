/**
 * People's names as they appear in text: the forms of a member's name that count as the full
 * name, and its surname. IT-Beirat member names are personal data (DSGVO): the audience stage
 * and the leak checker both look for them in public text, each with its own search, so the way
 * a name is taken apart is written once, here. Pure.
 */

/** Academic titles, degrees and forms of address; compared lower case, dots removed. */
const TITLES = new Set([
  'prof', 'professor', 'professorin', 'dr', 'doktor', 'dipl', 'ing', 'dipl-ing', 'dr-ing', 'mag', 'pd', 'apl',
  'jun', 'jun-prof', 'hon', 'honprof', 'em', 'habil', 'hc', 'med', 'phil', 'jur', 'rer', 'nat', 'pol', 'oec',
  'mba', 'msc', 'bsc', 'ma', 'ba', 'llm', 'meng', 'beng', 'herr', 'frau', 'hr', 'fr',
]);

/** Lower-case name particles that belong to the surname ("von der Leyen"). */
const PARTICLES = new Set(['von', 'vom', 'van', 'der', 'den', 'de', 'du', 'di', 'da', 'del', 'della', 'la', 'le', 'zu', 'zum', 'zur', 'ten', 'ter', 'op']);

function isTitle(token: string): boolean {
  // "Dr.", "rer.", "h.c.", "M.Sc.", "Dr.-Ing.": any token with a dot is a title or an initial.
  if (token.includes('.')) return true;
  return TITLES.has(token.toLowerCase().replace(/[.]/g, ''));
}

/**
 * Text as the name search sees it: NFC, lower case, one space for any white space, no soft
 * hyphens or zero-width characters, no Markdown emphasis, common HTML entities decoded (Markdown
 * renders `&nbsp;` as a space, so a name joined by it is still the name).
 */
export function nameText(s: string): string {
  return s
    .replace(/&(nbsp|#160|#xa0);/gi, ' ')
    .replace(/&(shy|#173|#xad);/gi, '')
    .replace(/&amp;/gi, '&')
    .normalize('NFC')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\\([\\`*_~[\]()#+\-.!])/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .trim()
    .toLowerCase();
}

export interface NameForms {
  /** The key two entries for the same person share: the name without titles (or as written). */
  key: string;
  /** Texts that are the full name: as written, and without titles when two or more words remain. */
  full: string[];
  /** The surname alone (with particles, and the bare last word), when it is not already a full form. */
  surname: string[];
}

/** Takes a member's `name:` apart: "Prof. Dr. Erika Geheimnamer" → full "erika geheimnamer", surname "geheimnamer". */
export function nameForms(name: string): NameForms {
  const written = nameText(name);
  let given: string[] = [];
  let family: string[] = [];
  const comma = written.indexOf(',');
  const words = (s: string) => s.split(' ').map((w) => w.replace(/^[,;]+|[,;]+$/g, '')).filter((w) => w && !isTitle(w));
  if (comma >= 0) {
    const before = words(written.slice(0, comma));
    const after = words(written.slice(comma + 1));
    // "Geheimnamer, Erika" is surname first; "Erika Geheimnamer, M.A." only has a degree after the comma.
    if (after.length) {
      family = before;
      given = after;
    } else {
      const all = before;
      family = all.slice(-1);
      given = all.slice(0, -1);
    }
  } else {
    const all = words(written);
    let i = all.length - 1;
    while (i > 1 && PARTICLES.has(all[i - 1]!)) i--;
    family = all.slice(i);
    given = all.slice(0, i);
  }
  const plain = [...given, ...family].join(' ');
  const full = new Set([written]);
  if (given.length && family.length) {
    full.add(plain);
    // Lists in administrations write "Geheimnamer, Erika".
    full.add(`${family.join(' ')}, ${given.join(' ')}`);
  }
  const surname = new Set<string>();
  const fam = family.join(' ');
  if (fam) surname.add(fam);
  const last = family[family.length - 1];
  if (last) {
    surname.add(last);
    // A double name: "Frau Geheimnamer" still means "Geheimnamer-Schulz" (two parts only).
    const parts = last.split('-');
    if (parts.length === 2) for (const part of parts) if (part.length >= 3) surname.add(part);
  }
  for (const f of full) surname.delete(f);
  return {
    key: given.length && family.length ? plain : written,
    full: [...full],
    surname: [...surname].filter((s) => s.replace(/[^\p{L}]/gu, '').length >= 2),
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const WORD_RE = new Map<string, RegExp>();

/**
 * Where `form` occurs in `text` (both as from nameText) as whole words: [start, end) ranges. A
 * German genitive counts as the name ("Geheimnamers Vorschlag", "Schulz' Vorschlag").
 */
export function wordRanges(text: string, form: string): [number, number][] {
  // A plain substring test first: compiling and running the Unicode regex is the cost (measured).
  if (!form || !text.includes(form)) return [];
  let re = WORD_RE.get(form);
  if (!re) {
    re = new RegExp(`(?<![\\p{L}\\p{N}])${escape(form)}(?:s|['’]s?)?(?![\\p{L}\\p{N}])`, 'gu');
    WORD_RE.set(form, re);
  }
  const out: [number, number][] = [];
  for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}
