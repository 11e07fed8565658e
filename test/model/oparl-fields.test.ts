/**
 * The model follows what council information systems hold (issue 12): paper numbers as real
 * RIS write them, free-text consultation roles (shown in the deck's words when known), and
 * the `oparl:` fields, which must be http(s) addresses.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors.js';
import { jsonSchema } from '../../src/model/jsonschema.js';
import { validateDeck } from '../../src/model/validate.js';
import { loadDeck } from '../../src/project/project.js';
import { consultationRole } from '../../src/render/format.js';

const PROJECT = mkdtempSync(join(tmpdir(), 'rd-oparl-fields-'));
writeFileSync(join(PROJECT, 'ratsdeck.yaml'), 'committees:\n  - { id: hfa, name: Haupt- und Finanzausschuss, oparl: "https://ris.example.org/oparl/organizations/1" }\n');
afterAll(() => rmSync(PROJECT, { recursive: true, force: true }));
let n = 0;
function check(text: string): string[] {
  const dir = join(PROJECT, String(++n));
  mkdirSync(dir);
  writeFileSync(join(dir, 'deck.yaml'), text);
  const loaded = loadDeck(join(dir, 'deck.yaml'));
  return validateDeck(loaded.raw!).problems.map((p) => formatProblem(p, dirname(loaded.raw!.file)));
}
const deck = (paper: string) => `title: T\nsession: { committee: hfa, date: 2026-06-11, oparl: "https://ris.example.org/oparl/agendaItems/9" }\npaper:\n${paper}slides:\n  - type: title\n`;

describe('paper.reference', () => {
  it('accepts the numbers real RIS use', () => {
    for (const ref of ['ST/0027/2021', '2026/0214', '65/2021', 'BV/0123/2025', '0815/2024-1', '1664/99', 'Drucksache 20-123']) {
      expect(check(deck(`  reference: "${ref}"\n  subject: Betreff\n`)), ref).toEqual([]);
    }
  });

  it('refuses what is clearly no number: empty, more than one line, markup', () => {
    expect(check(deck('  reference: ""\n  subject: Betreff\n'))).toEqual(['deck.yaml:4:14: paper.reference: the paper reference is empty']);
    expect(check(deck('  reference: "ST/1\\nST/2"\n  subject: Betreff\n'))).toEqual(['deck.yaml:4:14: paper.reference: the paper reference must be one line']);
    expect(check(deck('  reference: "<b>ST/1</b>"\n  subject: Betreff\n'))).toEqual(['deck.yaml:4:14: paper.reference: the paper reference may not contain < or > (markup)']);
  });
});

describe('consultations and oparl: fields', () => {
  it('a role is free text; authoritative and oparl: are known keys', () => {
    const c = '  consultations:\n    - { committee: hfa, role: Beschlussfassung, authoritative: true, oparl: "https://ris.example.org/oparl/consultations/3" }\n    - { committee: hfa, role: unbekannt }\n';
    expect(check(deck(`  reference: "2026/0214"\n  subject: Betreff\n${c}  files: [{ title: Vorlage, url: "https://ris.example.org/files/1.pdf" }]\n  oparl: "https://ris.example.org/oparl/papers/1"\n`))).toEqual([]);
  });

  it('an oparl: field that is no http(s) address is an error at it', () => {
    expect(check(deck('  reference: "2026/0214"\n  subject: Betreff\n  oparl: "file:///etc/passwd"\n'))).toEqual([
      'deck.yaml:6:10: paper.oparl: expected the address of an OParl object, starting with https:// or http://',
    ]);
  });

  it('the schema describes the oparl: fields in German', () => {
    const s = JSON.stringify(jsonSchema());
    expect(s).toContain('Das Ratsinformationssystem der Stadt (OParl)');
    expect(s).toContain('Adresse seiner OParl-Organization');
    expect(s).toContain('Adresse seines OParl-AgendaItem');
  });

  it('known roles in the deck\'s words, "zur …" too; unknown ones as sent; "unbekannt" as nothing', () => {
    expect(consultationRole('Kenntnisnahme', 'de')).toBe('Kenntnisnahme');
    expect(consultationRole('zur Entscheidung', 'de')).toBe('Entscheidung');
    expect(consultationRole('beschlussfassung', 'de')).toBe('Beschlussfassung');
    expect(consultationRole('Kenntnisnahme', 'en')).toBe('for information');
    expect(consultationRole('Anhörung', 'en')).toBe('hearing');
    expect(consultationRole('Stellungnahme des Ortsbeirats', 'de')).toBe('Stellungnahme des Ortsbeirats');
    expect(consultationRole('unbekannt', 'de')).toBe('');
  });
});
