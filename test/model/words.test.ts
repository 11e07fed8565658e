/**
 * The words taken for each closed list of values (src/model/words.ts) and the notations of
 * dates, times and amounts (src/model/notation.ts): one owner for YAML and spreadsheets.
 */
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../../src/model/jsonschema.js';
import { isoDateOf, plainNumberOf, timeOf } from '../../src/model/notation.js';
import {
  CATEGORY_WORDS,
  CLASSIFICATION_WORDS,
  CONSULTATION_ROLE_WORDS,
  DECISION_KIND_WORDS,
  LIGHT_WORDS,
  PHASE_WORDS,
  RECOMMENDATION_WORDS,
  VOCABULARIES,
  acceptedForms,
  booleanWord,
  foldWord,
  idFor,
  normaliseWord,
  suggestWord,
  vocabularyOf,
  type Vocabulary,
} from '../../src/model/words.js';
import { CATEGORY_LABELS, DECISION_KIND_LABELS, LIGHT_LABELS, PHASE_LABELS, RECOMMENDATION_LABELS } from '../../src/render/i18n.js';

describe('the words the decks show are words ratsdeck takes (one rule with src/render/i18n.ts)', () => {
  const pairs: [string, Vocabulary, Record<'de' | 'en', Record<string, string>>][] = [
    ['light', LIGHT_WORDS, LIGHT_LABELS],
    ['phase', PHASE_WORDS, PHASE_LABELS],
    ['category', CATEGORY_WORDS, CATEGORY_LABELS],
    ['recommendation status', RECOMMENDATION_WORDS, RECOMMENDATION_LABELS],
    ['decision kind', DECISION_KIND_WORDS, DECISION_KIND_LABELS],
  ];
  it.each(pairs)('%s', (_, vocab, labels) => {
    for (const lang of ['de', 'en'] as const) {
      for (const [value, word] of Object.entries(labels[lang])) {
        expect(normaliseWord(vocab, word), `${lang} "${word}"`).toBe(value);
        expect(normaliseWord(vocab, word.toUpperCase()), `${lang} "${word}" in capitals`).toBe(value);
      }
    }
    // Every value the deck shows has its German word here too.
    expect(Object.keys(labels.de).sort()).toEqual([...vocab.values].sort());
  });
});

describe('matching', () => {
  it('ignores case, umlauts written out, "-", "_" and spaces', () => {
    expect(foldWord('  In_Prüfung ')).toBe('in pruefung');
    expect(normaliseWord(RECOMMENDATION_WORDS, 'in pruefung')).toBe('under-review');
    expect(normaliseWord(RECOMMENDATION_WORDS, 'Under Review')).toBe('under-review');
    expect(normaliseWord(CATEGORY_WORDS, 'Smart_City')).toBe('smart-city');
    expect(normaliseWord(LIGHT_WORDS, 'GRUEN')).toBe('green');
    expect(normaliseWord(CLASSIFICATION_WORDS, 'ausschuss')).toBe('Ausschuss');
    expect(normaliseWord(CONSULTATION_ROLE_WORDS, 'Zur Kenntnis')).toBe('Kenntnisnahme');
  });

  it('takes no word twice for two values of one list', () => {
    for (const v of VOCABULARIES) {
      const seen = new Map<string, string>();
      for (const value of v.values) {
        for (const w of [value, ...(v.accepted[value] ?? [])]) {
          const f = foldWord(w);
          expect(seen.get(f) ?? value, `"${w}"`).toBe(value);
          seen.set(f, value);
        }
      }
    }
  });

  it('a word meant, not taken: suggested, never normalised', () => {
    expect(normaliseWord(LIGHT_WORDS, 'orange')).toBeUndefined();
    expect(suggestWord(LIGHT_WORDS, 'orange')).toBe('yellow');
    expect(suggestWord(PHASE_WORDS, 'Planungsphase')).toBe('planning');
    expect(suggestWord(CATEGORY_WORDS, 'Netzwerkinfrastruktur')).toBe('infrastructure');
    expect(suggestWord(CLASSIFICATION_WORDS, 'Haupt- und Finanzausschuss')).toBe('Ausschuss');
    expect(suggestWord(LIGHT_WORDS, 'blau')).toBeUndefined();
    expect(suggestWord(LIGHT_WORDS, 'karotte')).toBeUndefined();
  });

  it('finds the list by its values', () => {
    expect(vocabularyOf(['green', 'yellow', 'red', 'grey'])).toBe(LIGHT_WORDS);
    expect(vocabularyOf(['public', 'nonpublic'])).toBeUndefined();
  });

  it('yes and no in German', () => {
    expect([booleanWord('ja'), booleanWord('X'), booleanWord('nein'), booleanWord('vielleicht')]).toEqual([true, true, false, undefined]);
  });

  it('ids from names', () => {
    expect(idFor('Gründerzentrum')).toBe('gruenderzentrum');
    expect(idFor('Haupt- und Finanzausschuss')).toBe('haupt-und-finanzausschuss');
    expect(idFor('  Öffentliches WLAN (Innenstadt) ')).toBe('oeffentliches-wlan-innenstadt');
  });
});

describe('the JSON Schema lists the words taken (an editor offers them)', () => {
  const activities = jsonSchema('activities') as { items: { properties: Record<string, { enum?: string[]; description?: string; properties?: Record<string, { enum?: string[] }> }> } };
  const props = activities.items.properties;

  it('light, phase, category', () => {
    expect(props.status!.properties!.light!.enum).toEqual(expect.arrayContaining(['green', 'yellow', 'gelb', 'Gelb', 'grün', 'Grün', 'gruen', 'rot', 'grau']));
    expect(props.phase!.enum).toEqual(expect.arrayContaining(['implementation', 'Umsetzung', 'umsetzung', 'Planung', 'Betrieb']));
    expect(props.category!.enum).toEqual(expect.arrayContaining(['study', 'Studie', 'Verwaltung', 'Smart City']));
    expect(props.category!.description).toMatch(/Deutsche Wörter gelten auch/);
  });

  it('every form it lists is taken', () => {
    for (const v of VOCABULARIES) for (const f of acceptedForms(v)) expect(normaliseWord(v, f), f).toBeDefined();
  });
});

describe('dates, times and amounts written the German way', () => {
  it.each([
    ['18.03.2025', '2025-03-18'],
    ['18.3.2025', '2025-03-18'],
    ['1.3.25', '2025-03-01'],
    ['2025-3-8', '2025-03-08'],
    ['18/03/2025', '2025-03-18'],
    ['31.02.2025', undefined],
    ['März 2025', undefined],
  ])('date %s → %s', (input, iso) => {
    expect(isoDateOf(input)).toBe(iso);
  });

  it.each([
    ['9:30', '09:30'],
    ['9.30', '09:30'],
    ['17 Uhr', '17:00'],
    ['17:00 Uhr', '17:00'],
    [9.3, '09:30'],
    [9.05, '09:05'],
    [17, '17:00'],
    ['24:00', undefined],
    ['9:75', undefined],
  ] as const)('time %s → %s', (input, time) => {
    expect(timeOf(input)).toBe(time);
  });

  it.each([
    ['1.234,50', '1234.50'],
    ['1.234.567', '1234567'],
    ['450.000 €', '450000'],
    ['12,5 %', '12.5'],
    ['1,234.50', '1234.50'],
    ['viel', undefined],
  ])('amount %s → %s', (input, plain) => {
    expect(plainNumberOf(input)).toBe(plain);
  });
});
