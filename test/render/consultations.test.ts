/**
 * The decision slide shows the paper's Gremienweg (Beratungsfolge, issue 12): committee, date,
 * TOP, the role (a known one in the deck's words, any other as the RIS sent it) and the result.
 * A public build leaves out non-public stations; text from the RIS is escaped like any text.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderFile, slideSections } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'rd-consultations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'ratsdeck.yaml'), 'committees:\n  - { id: hfa, name: Haupt- und Finanzausschuss, shortName: HFA }\n  - { id: rat, name: Rat der Stadt }\n');

function deck(lang: 'de' | 'en'): string {
  const file = join(dir, `deck-${lang}.yaml`);
  writeFileSync(
    file,
    `lang: ${lang}
title: Bericht
paper:
  reference: "2026/0214"
  subject: Sachstand
  decisionProposal: { text: Der Ausschuss nimmt den Bericht zur Kenntnis. }
  consultations:
    - { committee: hfa, date: 2026-06-11, agendaItem: Ö 4, role: zur Kenntnisnahme, result: zur Kenntnis genommen }
    - { committee: rat, date: 2026-07-02, role: "Stellungnahme <b>Ortsbeirat</b>" }
    - { committee: rat, date: 2026-07-09, role: Entscheidung, public: false, result: Geheim-Ergebnis }
slides:
  - type: decision
`,
  );
  return file;
}

describe('the Gremienweg on the decision slide', () => {
  it('German: known roles the German way, others as sent (escaped), non-public stations left out of a public build', async () => {
    const html = slideSections((await renderFile(deck('de'))).html)[0]!.html;
    expect(html).toContain('<caption>Beratungsfolge</caption>');
    expect(html).toContain('<tr><th scope="row">Haupt- und Finanzausschuss</th><td>11.06.2026</td><td>Ö 4</td><td>Kenntnisnahme</td><td>zur Kenntnis genommen</td></tr>');
    expect(html).toContain('<tr><th scope="row">Rat der Stadt</th><td>02.07.2026</td><td></td><td>Stellungnahme &lt;b&gt;Ortsbeirat&lt;/b&gt;</td><td></td></tr>');
    expect(html).not.toContain('Geheim-Ergebnis');
    expect(html).not.toContain('09.07.2026');
  });

  it('English: the known role in English', async () => {
    const html = slideSections((await renderFile(deck('en'))).html)[0]!.html;
    expect(html).toContain('<caption>Consultation sequence</caption>');
    expect(html).toContain('<td>for information</td>');
  });
});
