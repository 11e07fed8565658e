/**
 * Names of IT-Beirat members: personal data, published only with the member's consent (DSGVO
 * Art. 6, 7). Consent is what today's data says: a withdrawn consent stops further publication
 * (Art. 7(3)), also of decks frozen before. Pure.
 */
import type { Member } from '../model/schema.js';
import { nameForms, nameText, wordRanges, type NameForms } from '../model/names.js';

/** A name that may not appear in a public output, and whose it is (for messages, never the name). */
export interface ProtectedName {
  forms: NameForms;
  /** Who, for messages: "itBeirat.members[1] at _data/itBeirat.yaml:12", or a member known only from a snapshot. */
  who: string;
}

export interface NameHit {
  name: ProtectedName;
  kind: 'full' | 'surname';
}

/**
 * Which names a public build may show. Fail closed: a name may be shown only if today's data
 * has a member of that name, and every member of that name there is public and has consent: true.
 */
export class NameRules {
  readonly withheld: ProtectedName[] = [];
  readonly #allowed = new Set<string>();
  readonly #consentedForms: string[] = [];
  /** One token of every form of every withheld name: a text without any of them has no hit. */
  #anchors: string[] = [];

  /**
   * @param today today's members (unfiltered)
   * @param alsoKnown names from snapshots (frozen decks, earlier sessions): a member removed from
   *   today's data has no consent any more, but the snapshot still knows their name
   * @param who how messages name today's member i
   */
  constructor(
    today: readonly Member[],
    alsoKnown: readonly { name: string; who: string }[] = [],
    who: (i: number) => string = (i) => `itBeirat.members[${i}]`,
  ) {
    const byKey = new Map<string, { ok: boolean }>();
    for (const m of today) {
      if (!m.name) continue;
      const k = nameForms(m.name).key;
      const ok = m.consent === true && m.public !== false;
      const e = byKey.get(k);
      byKey.set(k, { ok: (e?.ok ?? true) && ok });
    }
    for (const [k, e] of byKey) if (e.ok) this.#allowed.add(k);
    // One entry per person (the key): "Dr. Erika Geheimnamer" and "Erika Geheimnamer" are one.
    const byPerson = new Map<string, ProtectedName>();
    const protect = (name: string, who: string) => {
      const forms = nameForms(name);
      if (this.#allowed.has(forms.key)) {
        this.#consentedForms.push(...forms.full);
        return;
      }
      const known = byPerson.get(forms.key);
      if (!known) {
        byPerson.set(forms.key, { forms, who });
        return;
      }
      known.forms = {
        key: forms.key,
        full: [...new Set([...known.forms.full, ...forms.full])],
        surname: [...new Set([...known.forms.surname, ...forms.surname])].filter((x) => !forms.full.includes(x) && !known.forms.full.includes(x)),
      };
    };
    today.forEach((m, i) => m.name && protect(m.name, who(i)));
    for (const n of alsoKnown) protect(n.name, n.who);
    this.withheld.push(...byPerson.values());
    const last = (f: string) => f.split(' ').filter(Boolean).pop() ?? f;
    this.#anchors = [...new Set(this.withheld.flatMap((n) => [...n.forms.full, ...n.forms.surname].map(last)))];
  }

  /** Whether a public output may show this name. */
  mayShow(name: string): boolean {
    return this.#allowed.has(nameForms(name).key);
  }

  /**
   * The protected names in a text: a full name, or else the surname alone. An occurrence inside
   * a longer name that may be shown ("Erika Geheimnamer-Schulz" with consent) does not count.
   */
  find(text: string): NameHit[] {
    if (!this.withheld.length) return [];
    // Most texts name nobody: a cheap look for the anchors first (nameText is the cost, measured).
    const cheap = text.normalize('NFC').toLowerCase().replace(/&(shy|#173|#xad);|[\u00ad\u200b-\u200d\u2060\ufeff*_`~\\]/g, '');
    if (!this.#anchors.some((a) => cheap.includes(a))) return [];
    const t = nameText(text);
    const candidates = this.withheld.filter((n) => n.forms.full.some((f) => t.includes(f)) || n.forms.surname.some((f) => t.includes(f)));
    if (!candidates.length) return [];
    const excused = this.#consentedForms.flatMap((f) => wordRanges(t, f));
    const counts = ([s, e]: [number, number]) => !excused.some(([cs, ce]) => cs <= s && ce >= e && ce - cs > e - s);
    const hits: NameHit[] = [];
    for (const name of candidates) {
      if (name.forms.full.some((f) => wordRanges(t, f).some(counts))) hits.push({ name, kind: 'full' });
      else if (name.forms.surname.some((f) => wordRanges(t, f).some(counts))) hits.push({ name, kind: 'surname' });
    }
    return hits;
  }
}
