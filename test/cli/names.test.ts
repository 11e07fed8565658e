// needs: browser
/**
 * Names without consent typed into free text (issue 9; DSGVO): through main(argv) on copies of
 * test/fixtures/sessions/ with a member "Prof. Dr. Erika Geheimnamer" who has not consented.
 * The full name in any text of a public build is exit 3 at that text's FILE:LINE:COL and
 * nothing is written; "Herr Geheimnamer" is a warning at its position; the non-public build is
 * not affected. A frozen deck's text is reported at the snapshot file's line. Messages never
 * print the name (they end up in logs).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { browserPath } from '../browser/chromium.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const DECK = '2021-05-hfa';
const BROWSER = browserPath();

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-names-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A copy of the fixture with the member without consent (`consent` as given). */
function project(consent: boolean | undefined = false): string {
  const dir = join(tmp, `case-${++n}`, 'projekt');
  cpSync(FIXTURE, dir, { recursive: true });
  const f = join(dir, '_data', 'itBeirat.yaml');
  const member = `  - name: Prof. Dr. Erika Geheimnamer\n    affiliation: Beratungsfirma\n${consent === undefined ? '' : `    consent: ${consent}\n`}`;
  writeFileSync(f, readFileSync(f, 'utf8').replace('members:\n', `members:\n${member}`));
  return dir;
}

const read = (p: string) => readFileSync(p, 'utf8');
const edit = (file: string, from: string, to: string) => {
  const text = read(file);
  expect(text, `${from} in ${file}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

/** "FILE:LINE:COL" of the first place `needle` is written in `file` (1-based; COL of the needle). */
function at(dir: string, rel: string, needle: string): string {
  const lines = read(join(dir, rel)).split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  expect(i, `${needle} in ${rel}`).toBeGreaterThanOrEqual(0);
  return `${rel}:${i + 1}:${lines[i]!.indexOf(needle) + 1}`;
}

describe('a public build with a name without consent in a text', () => {
  it('the full name in speaker notes: exit 3 at the notes, nothing written, the name not printed', async () => {
    const dir = project();
    edit(join(dir, `${DECK}.yaml`), 'notes: Begrüßung.', 'notes: Begrüßung durch Erika Geheimnamer.');
    const r = await runCli(['build', '--out', 'out'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toContain(
      `${at(dir, `${DECK}.yaml`, 'Begrüßung durch')}: slides[0].notes: names an IT-Beirat member who has not consented to the publication of their name (itBeirat.members[0] at _data/itBeirat.yaml:2)`,
    );
    expect(r.stderr).toContain(`error: ${DECK}: the public build would publish names without consent; nothing written`);
    expect(r.stderr).not.toMatch(/geheimnamer/i);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // The non-public build is confidential by law: the name may stand there.
    const np = await runCli(['build', '--nonpublic', '--out', 'out'], dir);
    expect(np.code, np.stderr).toBe(0);
    expect(np.stderr).not.toContain('IT-Beirat member');
    expect(read(join(dir, 'out', `${DECK}-nichtoeffentlich`, 'index-nichtoeffentlich.html'))).toContain('Erika Geheimnamer');
  });

  it('"Herr Geheimnamer": a warning at its position; the build goes on (exit 0)', async () => {
    const dir = project();
    edit(join(dir, `${DECK}.yaml`), 'notes: Begrüßung.', 'notes: Begrüßung durch Herrn Geheimnamer.');
    const r = await runCli(['build', '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${at(dir, `${DECK}.yaml`, 'Begrüßung durch')}: warning: slides[0].notes: has the surname of an IT-Beirat member who has not consented`);
    expect(existsSync(join(dir, 'out', DECK, 'index.html'))).toBe(true);
  });

  it('finds it in every kind of text: meeting topics, recommendation text, custom _data, a slide title; no consent recorded is no consent', async () => {
    const dir = project(undefined);
    const beirat = join(dir, '_data', 'itBeirat.yaml');
    writeFileSync(beirat, `${read(beirat)}meetings:\n  - date: 2021-03-18\n    topics: [Vortrag von Prof. Geheimnamer]\n`);
    edit(beirat, '    title: Informationssicherheit zuerst\n', '    title: Informationssicherheit zuerst\n    text: Auf Anregung von Erika Geheimnamer.\n');
    writeFileSync(join(dir, '_data', 'vergaben.yaml'), '- titel: Beratung\n  ansprechpartner: "Geheimnamer, Erika"\n- titel: Intern\n  notiz: Erika Geheimnamer\n  public: false\n');
    edit(join(dir, `${DECK}.yaml`), 'title: Gliederung', 'title: Gliederung (mit Erika Geheimnamer)');
    const r = await runCli(['build', '--out', 'out'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    const lines = r.stderr.split('\n').filter((l) => l.includes('IT-Beirat member'));
    expect(lines).toEqual([
      expect.stringContaining(`${at(dir, `${DECK}.yaml`, 'Gliederung (mit')}: slides[1].title: names`),
      expect.stringContaining(`${at(dir, '_data/itBeirat.yaml', 'Auf Anregung')}: itBeirat.recommendations[0].text: names`),
      // "Prof. Geheimnamer" is not her full name: the surname alone, a warning.
      expect.stringContaining(`${at(dir, '_data/itBeirat.yaml', 'Vortrag von')}: warning: itBeirat.meetings[0].topics[0]: has the surname`),
      // Custom data: the public entry is an error, the public: false one is not in a public build.
      expect.stringContaining(`${at(dir, '_data/vergaben.yaml', '"Geheimnamer, Erika"')}: data.vergaben[0].ansprechpartner: names`),
    ]);
  });

  it('a frozen deck: a name whose consent was withdrawn after the freeze is found in the snapshot, at its line', async () => {
    const dir = project(true);
    edit(join(dir, '_data', 'activities.yaml'), '  title: Online-Dienste\n', '  title: Online-Dienste\n  description: Konzept mit Prof. Dr. Erika Geheimnamer abgestimmt.\n');
    expect((await runCli(['freeze', DECK, '--from-current-data'], dir)).code).toBe(0);
    const snap = `_sessions/${DECK}.json`;
    expect(read(join(dir, snap))).toContain('Prof. Dr. Erika Geheimnamer');
    const before = await runCli(['build', '--out', 'out'], dir);
    expect(before.code, before.stderr).toBe(0);
    expect(read(join(dir, 'out', DECK, 'index.html'))).toContain('Prof. Dr. Erika Geheimnamer');

    // Consent withdrawn (DSGVO Art. 7(3)): no further publication, also not from the snapshot.
    edit(join(dir, '_data', 'itBeirat.yaml'), '    consent: true\n  - name: Prof. Dr. Beispiel', '    consent: false\n  - name: Prof. Dr. Beispiel');
    const r = await runCli(['build', '--out', 'out2'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toContain(`${at(dir, snap, '"Konzept mit')}: activities[0].description: names an IT-Beirat member`);
    expect(r.stderr).toContain('(the snapshot records what was presented: mark the item public: false in _data/');
    expect(existsSync(join(dir, 'out2'))).toBe(false);
    // Withdrawing the item in today's _data also withdraws its text from the frozen deck.
    const acts = join(dir, '_data', 'activities.yaml');
    const plain = read(acts);
    edit(acts, '- id: online-dienste\n', '- id: online-dienste\n  public: false\n');
    const hidden = await runCli(['build', '--out', 'out-hidden'], dir);
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(read(join(dir, 'out-hidden', DECK, 'index.html'))).not.toMatch(/geheimnamer|Konzept mit/i);
    writeFileSync(acts, plain);
    // Without the name in the text, the frozen deck builds again, from its snapshot.
    edit(join(dir, snap), 'Konzept mit Prof. Dr. Erika Geheimnamer abgestimmt.', 'Konzept abgestimmt.');
    const ok = await runCli(['build', '--out', 'out3'], dir);
    expect(ok.code, ok.stderr).toBe(0);
    const html = read(join(dir, 'out3', DECK, 'index.html'));
    expect(html).not.toMatch(/geheimnamer/i);
    expect(html).toContain('Konzept abgestimmt.');
  });
});

describe('ratsdeck check', () => {
  it('warns about "Herr Geheimnamer" in the output, at the member, besides the build\'s warning at the text', async () => {
    const dir = project();
    edit(join(dir, `${DECK}.yaml`), 'text: Vielen Dank.', 'text: Vielen Dank an Herrn Geheimnamer.');
    const r = await runCli(['check', `${DECK}.yaml`, '--no-axe', '--json', '--browser', BROWSER], dir);
    expect(r.code, r.stderr).toBe(0);
    const problems = (JSON.parse(r.stdout) as { problems: { rule?: string; check: string; severity: string; file: string; line: number; path: string }[] }).problems;
    const surname = problems.filter((p) => p.rule === 'rd-leak-surname');
    expect(surname).toEqual([expect.objectContaining({ severity: 'warning', check: 'leak', path: 'itBeirat.members[0].name', line: 2 })]);
    expect(problems.filter((p) => p.check === 'data' && p.path === 'slides[6].text')).toEqual([expect.objectContaining({ severity: 'warning' })]);
  }, 60_000);
});
