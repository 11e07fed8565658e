import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatPath,
  loadYamlFile,
  MAX_ALIAS_VALUES,
  MAX_DEPTH,
  MAX_FILE_BYTES,
  parseYamlBuffer,
  parseYamlText,
  type LoadedYaml,
} from '../../src/data/yaml.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** The problems as `line:col: message`, the form the assertions read best in. */
function lines(r: LoadedYaml): string[] {
  return r.problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
}

function parse(text: string): LoadedYaml {
  return parseYamlText(text, 'deck.yaml');
}

/** Expects exactly one error, refused with no value. */
function refusedWith(r: LoadedYaml, at: string, message: RegExp): void {
  expect(r.value).toBeUndefined();
  expect(r.problems).toHaveLength(1);
  expect(r.problems[0]!.severity).toBe('error');
  expect(`${r.problems[0]!.line}:${r.problems[0]!.col}`).toBe(at);
  expect(r.problems[0]!.message).toMatch(message);
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-yaml-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('positions', () => {
  const text = [
    'title: Digitalisierung', // 1
    'slides:', // 2
    '  - type: title', // 3
    '  - type: text', // 4
    '    title: Zwei', // 5
    '    body: |', // 6
    '      Text', // 7
    'session:', // 8
    '  committee: hfa', // 9
    '  empty:', // 10
  ].join('\n');
  const r = parse(text);

  it('parses plain data', () => {
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual({
      title: 'Digitalisierung',
      slides: [{ type: 'title' }, { type: 'text', title: 'Zwei', body: 'Text\n' }],
      session: { committee: 'hfa', empty: null },
    });
  });

  it('knows where each value and each key stands', () => {
    expect(r.index.value(['title'])).toEqual({ file: 'deck.yaml', line: 1, col: 8 });
    expect(r.index.key(['title'])).toEqual({ file: 'deck.yaml', line: 1, col: 1 });
    expect(r.index.value(['slides', 1])).toEqual({ file: 'deck.yaml', line: 4, col: 5 });
    expect(r.index.value(['slides', 1, 'title'])).toEqual({ file: 'deck.yaml', line: 5, col: 12 });
    expect(r.index.key(['slides', 1, 'title'])).toEqual({ file: 'deck.yaml', line: 5, col: 5 });
    expect(r.index.value(['slides', 1, 'body'])).toEqual({ file: 'deck.yaml', line: 6, col: 11 });
    expect(r.index.value(['session', 'committee'])).toEqual({ file: 'deck.yaml', line: 9, col: 14 });
  });

  it('gives a key without a value the position of its key', () => {
    expect(r.index.value(['session', 'empty'])).toEqual({ file: 'deck.yaml', line: 10, col: 3 });
  });

  it('has no position for paths the file does not contain', () => {
    expect(r.index.value(['slides', 7])).toBeUndefined();
    expect(r.index.key(['subtitle'])).toBeUndefined();
  });

  it('formats paths the way messages show them', () => {
    expect(formatPath(['slides', 3, 'title'])).toBe('slides[3].title');
    expect(formatPath(['itBeirat', 'members', 0])).toBe('itBeirat.members[0]');
    expect(formatPath([])).toBe('');
  });
});

describe('plain data only (YAML 1.2 core schema)', () => {
  // Validation must see what was written: a date stays text, "no" is not false, and an
  // unquoted LeiKa key becomes a number (which the schema then rejects with a hint to quote it).
  it('reads dates and "no" as text and digits as numbers', () => {
    const r = parse('date: 2021-05-20\npublic: no\nleika: 099010001000000\nmodel: "1.1"\nlevel: 3\n');
    expect(r.value).toEqual({ date: '2021-05-20', public: 'no', leika: 99010001000000, model: '1.1', level: 3 });
  });

  it('accepts the core tags, which only say what the value already is', () => {
    expect(parse('a: !!str 5\nb: !!int "7"\n').value).toEqual({ a: '5', b: 7 });
  });

  it('accepts a few aliases of a small anchor', () => {
    const items = Array.from({ length: 50 }, (_, i) => `  - id: a${i}\n    status: *ok`).join('\n');
    const r = parse(`defaults:\n  status: &ok {light: green, label: im Plan}\nactivities:\n${items}\n`);
    expect(r.problems).toEqual([]);
    expect((r.value as { activities: { status: unknown }[] }).activities[49]!.status).toEqual({ light: 'green', label: 'im Plan' });
  });
});

describe('syntax errors: every one with its line and column', () => {
  it('tabs used for indentation', () => {
    const r = loadYamlFile(join(FIXTURES, 'yaml-tab', 'deck.yaml'));
    refusedWith(r, '3:1', /^YAML syntax: a tab is used for indentation$/);
    expect(r.problems[0]!.hint).toBe('indent with spaces, not tabs');
  });

  it('a line indented between a list item and its keys', () => {
    const r = loadYamlFile(join(FIXTURES, 'yaml-indent', 'deck.yaml'));
    // `   body: Zwei` stands at column 4; the parser notices at column 1.
    refusedWith(r, '5:4', /^YAML syntax: this key is indented 3 spaces, but the key "title" on line 4 is indented 4$/);
    expect(r.problems[0]!.hint).toBe('the keys of one mapping start in the same column: indent it 4 spaces');
  });

  it('a key indented less than its siblings', () => {
    refusedWith(parse('body:\n    name: a\n  shortName: b\n'), '3:3', /^YAML syntax: this key is indented 2 spaces, but the key "name" on line 2 is indented 4$/);
  });

  it('a key indented further than its siblings', () => {
    const r = parse('body:\n  name: a\n    shortName: b\n');
    refusedWith(r, '3:5', /indented further than the key above it/);
  });

  it('a key without its colon', () => {
    refusedWith(parse('title Digitalisierung\nslides: []\n'), '1:1', /a key is missing its ":"/);
  });

  it('a list item without the space after "-": named at its line, also where the parser sees no error (issue 11)', () => {
    // Alone it is valid YAML (a mapping with the key "-type"), among others the parser reports
    // the line above it in its own words.
    refusedWith(parse('title: x\nslides:\n  -type: title\n'), '3:3', /^YAML syntax: a list item needs a space after its "-"$/);
    const r = parse('title: x\nslides:\n  - type: title\n  -type: agenda\n  - type: closing\n');
    refusedWith(r, '4:3', /^YAML syntax: a list item needs a space after its "-"$/);
    expect(r.problems[0]!.hint).toBe('write "- type: agenda"');
    // A document marker, a negative number and Markdown in a | text are no list items.
    expect(parse('a: |\n  -Punkt\nb: -5\n').problems).toEqual([]);
  });

  it('an unclosed double quote, reported where it opens', () => {
    const r = loadYamlFile(join(FIXTURES, 'yaml-unclosed-quote', 'deck.yaml'));
    refusedWith(r, '1:8', /^YAML syntax: the quoted text is never closed$/);
    expect(r.problems[0]!.hint).toBe('add the closing " on the same line');
  });

  it('an unclosed single quote inside a list', () => {
    const r = parse("slides:\n  - type: title\n    title: 'Bürger\n  - type: closing\n");
    refusedWith(r, '3:12', /the quoted text is never closed/);
    expect(r.problems[0]!.hint).toBe("add the closing ' on the same line");
  });

  it('a duplicate key, naming the key and the first one', () => {
    const r = loadYamlFile(join(FIXTURES, 'yaml-duplicate-key', 'deck.yaml'));
    refusedWith(r, '4:1', /^YAML syntax: duplicate key "title"$/);
    expect(r.problems[0]!.hint).toMatch(/^it is already set at line 1, column 1;/);
  });

  it('a duplicate key in a nested mapping', () => {
    const r = parse('session:\n  date: 2021-05-20\n  committee: hfa\n  date: 2021-05-21\n');
    refusedWith(r, '4:3', /duplicate key "date"/);
    expect(r.problems[0]!.hint).toMatch(/line 2, column 3/);
  });

  it('two documents in one file', () => {
    refusedWith(parse('title: a\n---\ntitle: b\n'), '2:1', /only one YAML document/);
  });

  it('reports every syntax error of a file at once', () => {
    const r = parse('title: a\nslides:\n\t- x\nbody:\n  name: a\n  name: b\n');
    expect(lines(r)).toEqual(['3:1: YAML syntax: a tab is used for indentation', '6:3: YAML syntax: duplicate key "name"']);
  });
});

describe('syntax mistakes in a _data list: one message per mistake, at its cause', () => {
  /** Three activities as a user writes them (issue 11: a tab, a list item indented wrong). */
  const ACTIVITIES = [
    '- id: ozg', // 1
    '  title: Online-Dienste', // 2
    '  category: administration', // 3
    '  description: >-', // 4
    '    Die Stadtverwaltung setzt', // 5
    '    das OZG um.', // 6
    '  responsible: 10-Hauptamt', // 7
    '  phase: implementation', // 8
    '  status:', // 9
    '    light: green', // 10
    '    label: im Plan', // 11
    '  milestones:', // 12
    '    - title: Bestandsaufnahme', // 13
    '      due: 2020-06-30', // 14
    '    - title: Gewerbeanmeldung', // 15
    '      due: 2021-03-31', // 16
    '- id: e-akte', // 17
    '  title: E-Akte', // 18
    '  category: administration', // 19
    '  phase: planning', // 20
    '- id: wlan', // 21
    '  title: Freies WLAN', // 22
    '  category: infrastructure', // 23
    '',
  ];
  const edit = (changes: Record<number, string>) => ACTIVITIES.map((l, i) => changes[i + 1] ?? l).join('\n');
  const syntax = (text: string) => {
    const r = parseYamlText(text, 'activities.yaml');
    // Never a column past the end of its line (issue 11: the parser's own count ran off).
    const textLines = text.split('\n');
    for (const p of r.problems) expect(p.col, `${p.line}:${p.col}`).toBeLessThanOrEqual(Math.max(1, textLines[p.line - 1]!.length));
    return r;
  };

  it('the list is valid as written', () => {
    expect(syntax(edit({})).problems).toEqual([]);
  });

  it.each([
    ['a tab before a key', { 8: '\tphase: implementation' }, '8:1'],
    ['a tab after the spaces', { 10: '    \tlight: green' }, '10:5'],
    ['a tab right after a block scalar', { 7: '\tresponsible: 10-Hauptamt' }, '7:1'],
    ['a tab after "-"', { 17: '-\tid: e-akte' }, '17:2'],
    ['a tab before a list item', { 15: '\t- title: Gewerbeanmeldung' }, '15:1'],
  ])('%s: one problem that says "tab" (the parser reports hundreds)', (_, change, at) => {
    const r = syntax(edit(change));
    expect(lines(r)).toEqual([`${at}: YAML syntax: a tab is used for indentation`]);
    expect(r.problems[0]!.hint).toBe('indent with spaces, not tabs');
  });

  it('tabs on several lines are one mistake: one problem, the other lines in its hint', () => {
    const r = syntax(edit({ 8: '\tphase: implementation', 20: '\tphase: planning', 23: '\tcategory: infrastructure' }));
    expect(lines(r)).toEqual(['8:1: YAML syntax: a tab is used for indentation']);
    expect(r.problems[0]!.hint).toBe('indent with spaces, not tabs; there are tabs on lines 20 and 23 too');
  });

  it('a file indented with tabs throughout: one problem', () => {
    const text = Array.from({ length: 40 }, (_, i) => `- id: a${i}\n\ttitle: A${i}\n\tcategory: study\n`).join('');
    const r = syntax(text);
    expect(lines(r)).toEqual(['2:1: YAML syntax: a tab is used for indentation']);
    expect(r.problems[0]!.hint).toBe('indent with spaces, not tabs; there are tabs on lines 3, 5, 6, 8 and 75 more too');
  });

  it('a list item indented one space less than the one above (was: "a key is missing its \":\"")', () => {
    const r = syntax(edit({ 15: '   - title: Gewerbeanmeldung' }));
    expect(lines(r)).toEqual(['15:4: YAML syntax: this list item is indented 3 spaces, but the list item on line 13 is indented 4']);
    expect(r.problems[0]!.hint).toBe('the "- " of all items of one list stand in the same column: indent it 4 spaces');
  });

  it('a list item indented one space more than the one above', () => {
    expect(lines(syntax(edit({ 15: '     - title: Gewerbeanmeldung' })))).toEqual([
      '15:6: YAML syntax: this list item is indented 5 spaces, but the list item on line 13 is indented 4',
    ]);
  });

  it('a top-level item indented by one space', () => {
    const r = syntax(edit({ 17: ' - id: e-akte' }));
    expect(lines(r)).toEqual(['17:2: YAML syntax: this list item is indented 1 space, but the list item on line 1 is not indented']);
    expect(r.problems[0]!.hint).toBe('the "- " of all items of one list stand in the same column: remove the spaces before it');
  });

  it('the first item indented, the others not: the first one is named', () => {
    expect(lines(syntax(edit({ 1: ' - id: ozg' })))).toEqual(['1:2: YAML syntax: this list item is indented 1 space, but the top level of the file is not indented']);
  });

  it('a key between two levels goes with the lines under it', () => {
    // `   milestones:` could be a key of `status` (4) or of the activity (2): its items at 4 say 2.
    expect(lines(syntax(edit({ 12: '   milestones:' })))).toEqual(['12:4: YAML syntax: this key is indented 3 spaces, but the key "status" on line 9 is indented 2']);
  });

  it('a key of a list item indented one space less', () => {
    expect(lines(syntax(edit({ 14: '     due: 2020-06-30' })))).toEqual(['14:6: YAML syntax: this key is indented 5 spaces, but the key "title" on line 13 is indented 6']);
  });

  it('a key indented further than the key above it', () => {
    expect(lines(syntax(edit({ 19: '    category: administration' })))).toEqual(['19:5: YAML syntax: this line is indented further than the key above it (line 18)']);
  });

  it('two different mistakes in two items: both, nothing else', () => {
    expect(lines(syntax(edit({ 8: '\tphase: implementation', 20: '   phase: planning' })))).toEqual([
      '8:1: YAML syntax: a tab is used for indentation',
      '20:4: YAML syntax: this line is indented further than the key above it (line 19)',
    ]);
  });

  it('a wall of different mistakes stops after 20 and says more follow', () => {
    const text = Array.from({ length: 40 }, (_, i) => `- id: a${i}\n   title: A${i}\n`).join('');
    const r = syntax(text);
    expect(r.problems).toHaveLength(21);
    expect(lines(r).slice(0, 2)).toEqual([
      '2:4: YAML syntax: this line is indented further than the key above it (line 1)',
      '4:4: YAML syntax: this line is indented further than the key above it (line 3)',
    ]);
    expect(lines(r)[20]).toBe('42:4: YAML syntax: more mistakes follow');
  });

  it('a German amount inside { … }: the cents are kept in the hint', () => {
    const r = syntax('- id: a\n  budget: { plan: 380000, actual: 1.234,50, year: 2021 }\n');
    expect(lines(r)).toEqual(['2:35: 1.234,50 is read as 1.234 and a key "50": in YAML the dot is a decimal point, and inside { … } the comma separates entries']);
    expect(r.problems[0]!.hint).toBe('write 1234.50 for 1.234,50');
  });

  it.each([
    [
      'a ": " inside a text',
      { 11: '    label: Tiefbau verzögert: Kosten steigen' },
      '11:12: YAML syntax: the text contains ": ", which YAML reads as the start of another key',
      'put the text in quotes: label: "Tiefbau verzögert: Kosten steigen"',
    ],
    [
      'text after a closing quote',
      { 18: '  title: "E-Akte" für alle' },
      '18:19: YAML syntax: a value that starts with a quote ends at the closing quote, and the text after it does not fit',
      `put the whole text in quotes: title: '"E-Akte" für alle'`,
    ],
    [
      'a text that starts with [',
      { 18: '  title: [Entwurf] E-Akte' },
      '18:20: YAML syntax: a value that starts with "[" is read as a list, and the text after "]" does not fit',
      'put the whole text in quotes: title: "[Entwurf] E-Akte"',
    ],
    [
      'a text that starts with @',
      { 18: '  title: @E-Akte' },
      '18:10: YAML syntax: a text cannot start with "@" without quotes',
      'put the text in quotes: title: "@E-Akte"',
    ],
    [
      'a ": " inside a text in { … }',
      { 9: '  status: { light: green, label: Achtung: im Plan }', 10: '', 11: '' },
      '9:34: YAML syntax: the text contains ": ", which YAML reads as the start of another key',
      'put the text in quotes: label: "Achtung: im Plan"',
    ],
    [
      'no space after the colon (was: "a key is missing its \":\"")',
      { 7: '  responsible:10-Hauptamt' },
      '7:3: YAML syntax: the ":" after "responsible" needs a space after it',
      'write "responsible: 10-Hauptamt"',
    ],
    [
      'no space after the "-" of a list item (was: "Unexpected scalar at node end")',
      { 17: '-id: e-akte' },
      '17:1: YAML syntax: a list item needs a space after its "-"',
      'write "- id: e-akte"',
    ],
    [
      'a [ … ] that is never closed',
      { 20: '  partners: [Hauptamt, Personalamt' },
      '20:13: YAML syntax: the [ … ] is never closed',
      'add the closing ] on the same line, or put the text in quotes if the [ belongs to it',
    ],
    [
      'a line of a | text indented less than its first line',
      { 6: '   das OZG um.' },
      '6:4: YAML syntax: this line of the text after "description:" is indented 3 spaces, less than its first line (line 5, 4 spaces)',
      'indent every line of a "|" or ">" text at least as far as its first line: 4 spaces',
    ],
  ])('%s: one problem, saying what to write', (_, change, line, hint) => {
    const r = syntax(edit(change));
    expect(lines(r)).toEqual([line]);
    expect(r.problems[0]!.hint).toBe(hint);
  });

  it('Markdown *emphasis* at the start of a value: say to quote it', () => {
    expect(lines(syntax(edit({ 18: '  title: *Neu* E-Akte' })))).toEqual(['18:16: YAML syntax: a value that starts with "*" is read as an alias (*name), and the text after it does not fit']);
    const r = syntax(edit({ 18: '  title: *Neu*' }));
    expect(lines(r)).toEqual(['18:10: YAML: the alias *Neu* has no anchor &Neu* before it']);
    expect(r.problems[0]!.hint).toBe('text that starts with * needs quotes ("*Neu*…"); an alias needs &Neu* before the first *Neu*');
  });

  it('a German amount written in block style is one text (validation says what to write)', () => {
    expect(syntax('- id: a\n  budget:\n    actual: 1.234,50\n').problems).toEqual([]);
  });
});

describe('hostile or broken input is refused, never a crash', () => {
  it('an empty file', () => {
    refusedWith(loadYamlFile(join(FIXTURES, 'yaml-empty', 'deck.yaml')), '1:1', /^file is empty$/);
  });

  it.each([
    ['blank lines', '\n  \n\n'],
    ['comments only', '# Foliensatz\n# folgt\n'],
    ['a document marker only', '---\n'],
    ['a byte order mark only', '\ufeff'],
  ])('a file with %s counts as empty', (_, text) => {
    refusedWith(parseYamlBuffer(Buffer.from(text), 'deck.yaml', { emptyHint: 'write something' }), '1:1', /^file is empty$/);
  });

  it('passes the caller\'s hint for empty files on', () => {
    expect(parse('').problems).toHaveLength(1);
    expect(parseYamlText('', 'deck.yaml', { emptyHint: 'a deck needs a title' }).problems[0]!.hint).toBe('a deck needs a title');
  });

  // A regex over the whole text once took 2^n steps for a line of n "#": 26 took 10 s.
  // 27 keeps a regression finite (and failing) instead of hanging the test run.
  it('a long line of # followed by data (no exponential backtracking)', () => {
    const started = Date.now();
    const r = parse(`${'#'.repeat(27)}\ntitle: x\n`);
    expect(r.value).toEqual({ title: 'x' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a binary file', () => {
    const file = join(tmp, 'wappen.yaml');
    // The start of a PNG: a deck file that is really an image.
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]));
    refusedWith(loadYamlFile(file), '1:1', /^this is a binary file, not YAML text$/);
  });

  it('text that is not UTF-8: at its first byte that is not, naming Windows-1252', () => {
    const r = parseYamlBuffer(Buffer.from('title: Grüße\nsubtitle: Bürger\n', 'latin1'), 'deck.yaml');
    refusedWith(r, '1:10', /^the file is not UTF-8 \(it looks like Windows-1252 \/ ANSI, where the byte 0xFC here is "ü"\)$/);
    expect(r.problems[0]!.hint).toMatch(/^save it as UTF-8 in your editor/);
  });

  it('a Windows-1252 file with valid UTF-8 umlauts before the first ANSI one: line and column count characters', () => {
    const buf = Buffer.concat([Buffer.from('title: Grüße\nbody:\n  name: Stadt Köln\n  x: '), Buffer.from('Straße €\n', 'latin1')]);
    refusedWith(parseYamlBuffer(buf, 'deck.yaml'), '4:10', /^the file is not UTF-8 \(it looks like Windows-1252 \/ ANSI, where the byte 0xDF here is "ß"\)$/);
  });

  it('a byte that is no letter in Windows-1252 either: not UTF-8, without a guess', () => {
    refusedWith(parseYamlBuffer(Buffer.from([0x61, 0x3a, 0x20, 0x81, 0x0a]), 'deck.yaml'), '1:4', /^the file is not UTF-8$/);
  });

  it('UTF-16 text', () => {
    const buf = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('title: x\n', 'utf16le')]);
    refusedWith(parseYamlBuffer(buf, 'deck.yaml'), '1:1', /UTF-16/);
  });

  it('a file over 5 MB, refused before it is parsed', () => {
    const file = join(tmp, 'gross.yaml');
    writeFileSync(file, `title: x\n${'# Kommentar\n'.repeat(Math.ceil(MAX_FILE_BYTES / 12) + 1)}`);
    const r = loadYamlFile(file);
    refusedWith(r, '1:1', /^file is too large \(5\.0 MB; the limit is 5 MB\)$/);
    expect(r.problems[0]!.hint).toMatch(/_data/);
  });

  it('a file of exactly 5 MB is still read', () => {
    const file = join(tmp, 'genau.yaml');
    const head = 'title: x\n';
    writeFileSync(file, head + '#'.repeat(MAX_FILE_BYTES - head.length - 1) + '\n');
    expect(loadYamlFile(file).value).toEqual({ title: 'x' });
  });

  it('an alias bomb (billion laughs), stopped at the alias that crosses the limit', () => {
    const file = join(tmp, 'lol.yaml');
    const rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) {
      rows.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    writeFileSync(file, rows.join('\n') + '\n');
    const started = Date.now();
    const r = loadYamlFile(file);
    expect(Date.now() - started).toBeLessThan(2000);
    // a holds 10 values, b 91, c 820, d 7381: the running total of values added by aliases
    // passes 10 000 at the first *d in row e.
    refusedWith(r, '5:8', /^YAML: aliases expand to more than 10000 values$/);
    expect(MAX_ALIAS_VALUES).toBe(10_000);
  });

  it('an alias used inside the value it names (a cycle)', () => {
    refusedWith(parse('title: x\nbody: &b\n  name: *b\n'), '3:9', /the alias \*b is used inside the value it names/);
  });

  it('an alias without an anchor', () => {
    refusedWith(parse('title: *titel\n'), '1:8', /the alias \*titel has no anchor &titel before it/);
  });

  it.each([
    ['!!python/object', 'title: !!python/object:os.system echo\n', '1:8', '!!python/object:os.system'],
    ['!!python/object/apply', 'slides:\n  - !!python/object/apply:os.system ["rm -rf /"]\n', '2:5', '!!python/object/apply:os.system'],
    ['a local tag', 'title: !foo bar\n', '1:8', '!foo'],
    ['a local tag on a mapping', 'body: !stadt\n  name: x\n', '1:7', '!stadt'],
    ['!!binary', 'logo: !!binary aGVsbG8=\n', '1:7', '!!binary'],
    ['!!set', 'ids: !!set {a, b}\n', '1:6', '!!set'],
    ['!!timestamp', 'date: !!timestamp 2021-05-20\n', '1:7', '!!timestamp'],
    ['!!js/function', 'x: !!js/function "function(){}"\n', '1:4', '!!js/function'],
  ])('a custom tag: %s', (_, text, at, tag) => {
    const r = parse(text);
    refusedWith(r, at, new RegExp(`^YAML: the tag ${tag.replace(/[!/]/g, '\\$&')} is not allowed$`));
    expect(r.problems[0]!.hint).toMatch(/remove the tag/);
  });

  it('deep nesting, refused before anything recurses into it', () => {
    refusedWith(parse(`a: ${'['.repeat(MAX_DEPTH + 5)}${']'.repeat(MAX_DEPTH + 5)}\n`), `1:${4 + MAX_DEPTH}`, /nested too deeply \(more than 100 levels\)/);
    const block = Array.from({ length: MAX_DEPTH + 5 }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x\n';
    expect(parse(block).problems[0]!.message).toMatch(/nested too deeply/);
  });

  it('nesting so deep the parser itself gives up', () => {
    const r = parse(`a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
    expect(r.value).toBeUndefined();
    expect(r.problems[0]!.message).toMatch(/nested too deeply/);
  });

  it('the merge key <<', () => {
    refusedWith(parse('base: &b {light: green}\nstatus:\n  <<: *b\n  label: ok\n'), '3:3', /merge keys \(<<\) are not supported/);
  });

  it('a "__proto__" key (prototype pollution)', () => {
    const r = parse('title: x\n__proto__:\n  polluted: true\n');
    refusedWith(r, '2:1', /"__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a key that is a list', () => {
    refusedWith(parse('? [a, b]\n: 1\n'), '1:3', /a key must be plain text/);
  });

  it('a missing file', () => {
    refusedWith(loadYamlFile(join(tmp, 'gibt-es-nicht.yaml')), '1:1', /^file not found$/);
  });

  it('a folder named like a deck', () => {
    mkdirSync(join(tmp, 'ordner.yaml'));
    refusedWith(loadYamlFile(join(tmp, 'ordner.yaml')), '1:1', /^not a regular file$/);
  });
});

describe('loading the same file again (serve, a batch)', () => {
  it('gives each caller its own values and problems, and reads a changed text anew', () => {
    const first = parseYamlText('title: A\nlist: [1, 2]\nn: 1.234\n', 'again.yaml');
    (first.value as { list: number[] }).list.push(3);
    first.problems.push({ ...first.problems[0]!, message: 'added by a caller' });
    first.problems[0]!.message = 'changed by a caller';
    const second = parseYamlText('title: A\nlist: [1, 2]\nn: 1.234\n', 'again.yaml');
    expect(second.value).toEqual({ title: 'A', list: [1, 2], n: 1.234 });
    expect(second.problems.map((p) => p.message)).toEqual(['1.234 is read as 1.234: the dot is a decimal point in YAML']);
    expect(second.index.value(['list', 1])).toMatchObject({ line: 2, col: 11 });
    const changed = parseYamlText('title: B\n', 'again.yaml');
    expect(changed.value).toEqual({ title: 'B' });
    expect(changed.problems).toEqual([]);
    // The same text under another name is that file's, with its name in every position.
    expect(parseYamlText('title: B\n', 'other.yaml').index.value(['title'])?.file).toBe('other.yaml');
  });
});
