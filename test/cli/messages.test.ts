/**
 * Issue 11, seen from the command line: a YAML mistake is one line at its cause, a long list of
 * problems is cut to a few per file with "… and N more", a file that is not UTF-8 is named at
 * its first byte that is not, and German words are taken.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

const REPO = join(import.meta.dirname, '..', '..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the example project (decks/) without its output. */
function example(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-messages-'));
  dirs.push(dir);
  cpSync(join(REPO, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out$/.test(src) });
  return dir;
}

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text.includes(from), `${from} in ${file}`).toBe(true);
  writeFileSync(file, text.replace(from, to));
}

describe('YAML mistakes in a _data file of the example project', () => {
  it('a tab inside a list item: one line that says "tab", in validate and in build', async () => {
    const dir = example();
    // Line 26 of _data/activities.yaml: `  phase: implementation` of the first activity.
    replaceIn(join(dir, '_data', 'activities.yaml'), '  phase: implementation\n', '\tphase: implementation\n');
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toBe('_data/activities.yaml:26:1: YAML syntax: a tab is used for indentation (indent with spaces, not tabs)\n0 of 3 decks valid, 1 error\n');
    const b = await runCli(['build'], dir);
    expect(b.code).toBe(ExitCode.INVALID_DATA);
    expect(b.stderr.split('\n').filter((l) => l.startsWith('_data/'))).toEqual(['_data/activities.yaml:26:1: YAML syntax: a tab is used for indentation (indent with spaces, not tabs)']);
  });

  it('a milestone indented one space less than the one above', async () => {
    const dir = example();
    replaceIn(join(dir, '_data', 'activities.yaml'), '    - title: Gewerbeanmeldung als Online-Formular verfügbar\n', '   - title: Gewerbeanmeldung als Online-Formular verfügbar\n');
    const r = await runCli(['validate'], dir);
    expect(r.stderr).toBe(
      '_data/activities.yaml:43:4: YAML syntax: this list item is indented 3 spaces, but the list item on line 39 is indented 4 (the "- " of all items of one list stand in the same column: indent it 4 spaces)\n0 of 3 decks valid, 1 error\n',
    );
  });

  it('a label with a comma in the README\'s { … } style', async () => {
    const dir = example();
    const file = join(dir, '_data', 'activities.yaml');
    replaceIn(file, '  status:\n    light: green\n    label: im Plan\n', '  status: { light: rot, label: Tiefbau verzögert, Kosten steigen }\n');
    const r = await runCli(['validate'], dir);
    expect(r.stderr).toBe(
      '_data/activities.yaml:27:32: activities[0].status.label: the text ends at the comma: inside { … } a comma separates entries, so "Kosten steigen" became a key of its own (put text that contains a comma in quotes: label: "Tiefbau verzögert, Kosten steigen")\n0 of 3 decks valid, 1 error\n',
    );
  });
});

describe('a long list of problems: a few per file, then how many more', () => {
  it('12 wrong categories: 8 shown, "… and 4 more", all 12 counted and in --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-many-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'ratsdeck.yaml'), 'committees:\n  - { id: hfa, name: Haupt- und Finanzausschuss }\n');
    writeFileSync(join(dir, 'deck.yaml'), 'title: Viele Fehler\nslides:\n  - type: activities\n');
    const items = Array.from({ length: 12 }, (_, i) => `- { id: a${i}, title: A${i}, category: Bürgerservice }`);
    mkdirSync(join(dir, '_data'));
    writeFileSync(join(dir, '_data', 'activities.yaml'), `${items.join('\n')}\n`);
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.slice(0, 8).every((l, i) => l.startsWith(`_data/activities.yaml:${i + 1}:`))).toBe(true);
    expect(lines[8]).toBe('_data/activities.yaml: … and 4 more problems in this file (fix these first; ratsdeck validate --json lists them all)');
    expect(lines[9]).toBe('0 of 1 deck valid, 12 errors');
    const j = await runCli(['validate', '--json'], dir);
    expect((JSON.parse(j.stdout) as { problems: unknown[] }).problems).toHaveLength(12);
  });
});

describe('a file saved as Windows-1252 ("ANSI")', () => {
  it('is named at the line and column of its first non-UTF-8 byte', async () => {
    const dir = example();
    const file = join(dir, '_data', 'networks.yaml');
    const text = readFileSync(file, 'utf8');
    const first = text.split('\n').findIndex((l) => /[äöüÄÖÜß]/.test(l));
    const col = [...text.split('\n')[first]!].findIndex((c) => /[äöüÄÖÜß]/.test(c)) + 1;
    writeFileSync(file, Buffer.from(text, 'latin1'));
    const r = await runCli(['validate'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^_data/networks\\.yaml:${first + 1}:${col}: the file is not UTF-8 \\(it looks like Windows-1252 / ANSI, where the byte 0x[0-9A-F]{2} here is "[äöüÄÖÜß]"\\) \\(save it as UTF-8 in your editor`));
  });
});

describe('German words in the example project', () => {
  it('gelb, Umsetzung, Studie and in Prüfung build like yellow, implementation, study and under-review', async () => {
    const dir = example();
    const file = join(dir, '_data', 'activities.yaml');
    replaceIn(file, '    light: green\n', '    light: gelb\n');
    replaceIn(file, '  phase: implementation\n', '  phase: Umsetzung\n');
    replaceIn(file, '  category: administration\n', '  category: Studie\n');
    replaceIn(join(dir, '_data', 'itBeirat.yaml'), '    status: implemented\n', '    status: umgesetzt\n');
    const r = await runCli(['validate'], dir);
    expect(r).toMatchObject({ code: ExitCode.OK, stderr: '3 of 3 decks valid\n' });
  });
});
