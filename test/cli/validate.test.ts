import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { MAX_FILE_BYTES } from '../../src/data/yaml.js';
import { ExitCode } from '../../src/errors.js';
import { jsonSchema } from '../../src/model/jsonschema.js';

const REPO = join(import.meta.dirname, '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures');
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };

type Run = CliRun;

/** Runs the CLI in-process with capturing streams. */
const run = (argv: string[], cwd: string): Promise<Run> => runCli(argv, cwd);

/** Every file and folder under `dir` with size and modification time: "writes nothing" is this unchanged. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      out.push(`${p.slice(dir.length)} ${st.isDirectory() ? 'dir' : `${st.size} ${st.mtimeMs}`}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

const STACK = /^\s+at .+:\d+/m;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** A small project in the temp folder with a generated deck file. */
function generated(name: string, deck: Buffer | string): string {
  const root = join(tmp, name);
  mkdirSync(root);
  copyFileSync(join(FIXTURES, 'valid', 'ratsdeck.yaml'), join(root, 'ratsdeck.yaml'));
  writeFileSync(join(root, 'deck.yaml'), deck);
  return root;
}

describe('validate: every kind of bad input gives its line and column, exit 3, and writes nothing', () => {
  // The first problem line of each fixture, as printed with the fixture folder as cwd.
  const cases: [string, string][] = [
    ['yaml-tab', 'deck.yaml:3:1: YAML syntax: a tab is used for indentation (indent with spaces, not tabs)'],
    ['yaml-indent', 'deck.yaml:5:4: YAML syntax: this key is indented 3 spaces, but the key "title" on line 4 is indented 4 (the keys of one mapping start in the same column: indent it 4 spaces)'],
    ['yaml-unclosed-quote', 'deck.yaml:1:8: YAML syntax: the quoted text is never closed (add the closing " on the same line)'],
    ['yaml-duplicate-key', 'deck.yaml:4:1: YAML syntax: duplicate key "title"'],
    ['yaml-custom-tag', 'deck.yaml:1:8: YAML: the tag !!python/object:os.system is not allowed'],
    ['yaml-empty', 'deck.yaml:1:1: file is empty (a deck needs at least "title" and "slides")'],
    ['wrong-type', 'deck.yaml:2:3: title: expected text, got a list'],
    ['wrong-enum', 'deck.yaml:7:14: activities[0].status.light: expected one of "green", "yellow", "red", "grey"; got "orange" (did you mean "yellow"?)'],
    ['impossible-date', 'deck.yaml:4:9: session.date: impossible date "2021-02-30"'],
    ['unknown-key', 'deck.yaml:4:5: slides[0].subtitel: unknown key "subtitel" (did you mean "subtitle"?)'],
    ['unknown-id', 'deck.yaml:3:14: session.committee: unknown committee id "hfx" (did you mean "hfa"? known committee ids: hfa, digital)'],
    ['duplicate-id', '_data/activities.yaml:4:7: activities[1].id: duplicate activity id "portal" (first defined at line 1, column 7)'],
    ['missing-file', 'ratsdeck.yaml:4:10: body.logo.src: image file "assets/wappen.png" not found'],
    ['path-outside', 'deck.yaml:7:12: slides[0].image.src: image "../../etc/passwd.png" is outside the project folder'],
    ['path-absolute', 'deck.yaml:7:12: slides[0].image.src: image path "/etc/passwd.png" is absolute'],
    ['ozg-maturity', 'deck.yaml:9:16: activities[0].ozg.maturity.level: maturity level 5 does not exist in model 1.1 (levels 0–4)'],
    ['missing-alt', 'deck.yaml:7:7: slides[0].image.alt: an image needs alt text'],
  ];

  it.each(cases)('%s', async (name, expected) => {
    const dir = join(FIXTURES, name);
    const before = snapshot(dir);
    const r = await run(['validate'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.some((l) => l.startsWith(expected)), `expected a line starting with\n  ${expected}\ngot\n${r.stderr}`).toBe(true);
    expect(lines.at(-1)).toMatch(/^0 of 1 deck valid, \d+ errors?$/);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK);
    expect(snapshot(dir)).toEqual(before);
  });

  it.each([
    ['binary', () => generated('binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])), 'deck.yaml:1:1: this is a binary file, not YAML text'],
    ['over 5 MB', () => generated('large', `title: x\n${'#'.repeat(MAX_FILE_BYTES)}\n`), 'deck.yaml:1:1: file is too large (5.0 MB; the limit is 5 MB)'],
    [
      'alias bomb',
      () => {
        const rows = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
        for (let i = 1; i < 10; i++) rows.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i - 1]}`).join(', ')}]`);
        return generated('lol', rows.join('\n') + '\n');
      },
      'deck.yaml:5:8: YAML: aliases expand to more than 10000 values',
    ],
    ['a cycle of aliases', () => generated('cycle', 'title: &t\n  - *t\nslides: []\n'), 'deck.yaml:2:5: YAML: the alias *t is used inside the value it names'],
    ['__proto__', () => generated('proto', 'title: x\n__proto__: {polluted: true}\nslides: []\n'), 'deck.yaml:2:1: YAML: the key "__proto__" is not allowed'],
  ])('generated: %s', async (_, make, expected) => {
    const dir = make();
    const before = snapshot(dir);
    const started = Date.now();
    const r = await run(['validate', 'deck.yaml'], dir);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr.split('\n')[0]).toMatch(new RegExp(`^${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(r.stderr).not.toMatch(STACK);
    expect(snapshot(dir)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a link to an image outside the project', async () => {
    const dir = generated('link', 'title: T\nbody:\n  name: S\n  logo:\n    src: wappen.png\n    alt: W\nslides:\n  - type: title\n');
    writeFileSync(join(tmp, 'aussen.png'), 'png');
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(tmp, 'aussen.png'), join(dir, 'wappen.png'));
    const r = await run(['validate'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toMatch(/^deck\.yaml:5:10: body\.logo\.src: image "wappen\.png" is a link to a file outside the project folder/m);
  });
});

describe('validate: output', () => {
  it('a valid project: exit 0, a summary on stderr, nothing on stdout', async () => {
    const r = await run(['validate', 'test/fixtures/valid'], REPO);
    expect(r).toEqual({ code: ExitCode.OK, stdout: '', stderr: '1 of 1 deck valid\n' });
  });

  it('messages in the compiler convention, path relative to the cwd', async () => {
    const r = await run(['validate', 'test/fixtures/wrong-type/deck.yaml'], REPO);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toBe(
      [
        'test/fixtures/wrong-type/deck.yaml:2:3: title: expected text, got a list',
        'test/fixtures/wrong-type/deck.yaml:6:12: slides[0].title: expected text, got the number 42 (put the value in quotes)',
        '0 of 1 deck valid, 2 errors',
        '',
      ].join('\n'),
    );
  });

  it('all problems of several decks at once, and warnings marked as such', async () => {
    const r = await run(['validate', 'wrong-enum', 'unknown-id', 'data-conflict'], FIXTURES);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.filter((l) => /^wrong-enum\/deck\.yaml:\d+:\d+: /.test(l))).toHaveLength(2);
    expect(lines.filter((l) => /^unknown-id\/deck\.yaml:\d+:\d+: /.test(l))).toHaveLength(2);
    expect(lines).toContain(
      'data-conflict/_data/networks.yaml:1:1: warning: networks: set by two files in _data/: _data/networks.json and _data/networks.yaml; the value from _data/networks.yaml is used (keep each value in one file)',
    );
    expect(lines.at(-1)).toBe('1 of 3 decks valid, 4 errors, 2 warnings');
  });

  it('--json prints the problems as JSON on stdout', async () => {
    const r = await run(['validate', '--json', 'unknown-id'], FIXTURES);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    const out = JSON.parse(r.stdout) as { valid: boolean; decks: unknown[]; problems: Record<string, unknown>[] };
    expect(out.valid).toBe(false);
    expect(out.decks).toEqual([{ file: 'unknown-id/deck.yaml', id: 'deck', valid: false }]);
    expect(out.problems).toEqual([
      {
        file: 'unknown-id/deck.yaml',
        line: 3,
        col: 14,
        path: 'session.committee',
        message: 'unknown committee id "hfx"',
        hint: 'did you mean "hfa"? known committee ids: hfa, digital',
        severity: 'error',
        code: 'unknown-id',
      },
      {
        file: 'unknown-id/deck.yaml',
        line: 8,
        col: 21,
        path: 'slides[0].select.ids[1]',
        message: 'unknown activity id "wlam"',
        hint: 'did you mean "wlan"? known activity ids: portal, wlan',
        severity: 'error',
        code: 'unknown-id',
      },
    ]);
    // People's output stays on stderr; the problems are not printed twice.
    expect(r.stderr).toBe('0 of 1 deck valid, 2 errors\n');
  });

  it('--json for a valid deck', async () => {
    const r = await run(['validate', '--json', 'valid'], FIXTURES);
    expect(r.code).toBe(ExitCode.OK);
    expect(JSON.parse(r.stdout)).toEqual({ valid: true, decks: [{ file: 'valid/deck.yaml', id: 'deck', valid: true }], problems: [] });
  });
});

describe('usage', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await run(['--version'], tmp);
    expect(r.code).toBe(ExitCode.OK);
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });

  it('--help exits 0 and lists the commands', async () => {
    const r = await run(['--help'], tmp);
    expect(r.code).toBe(ExitCode.OK);
    expect(r.stdout).toMatch(/^Usage: ratsdeck /);
    expect(r.stdout).toMatch(/^\s+validate /m);
    expect(r.stdout).toMatch(/^\s+schema /m);
  });

  it('--help works for every command', async () => {
    const help = (await run(['--help'], tmp)).stdout;
    const commands = [...help.slice(help.indexOf('Commands:')).matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['validate', 'schema']));
    for (const cmd of commands) {
      const r = await run([cmd, '--help'], tmp);
      expect(r.code, `${cmd} --help`).toBe(ExitCode.OK);
      expect(r.stdout, `${cmd} --help`).toMatch(new RegExp(`^Usage: ratsdeck ${cmd} `));
    }
  });

  it.each([
    [['--bogus'], /unknown option '--bogus'/],
    [['bogus'], /unknown command 'bogus'/],
    [['validate', '--bogus'], /unknown option '--bogus'/],
  ])('%j exits 2 with a message and no stack', async (argv, message) => {
    const r = await run(argv, tmp);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('a path that does not exist exits 2', async () => {
    const r = await run(['validate', 'gibt-es-nicht.yaml'], tmp);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toBe('error: gibt-es-nicht.yaml: no such file or folder\n');
  });

  it('schema prints the JSON Schema', async () => {
    const r = await run(['schema'], tmp);
    expect(r.code).toBe(ExitCode.OK);
    expect(JSON.parse(r.stdout)).toEqual(jsonSchema());
    expect(r.stderr).toBe('');
  });

  it('schema --data prints the schema of one _data file, and an unknown key exits 2', async () => {
    expect(JSON.parse((await run(['schema', '--data', 'activities'], tmp)).stdout)).toEqual(jsonSchema('activities'));
    const r = await run(['schema', '--data', 'gibt-es-nicht'], tmp);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toMatch(/unknown data file key "gibt-es-nicht"/);
  });
});

describe('the real bin', () => {
  // The bin runs dist/; build it when it is missing or older than the sources.
  beforeAll(() => {
    const newest = (d: string): number =>
      Math.max(0, ...readdirSync(d, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(d, e.name)) : statSync(join(d, e.name)).mtimeMs)));
    const built = join(REPO, 'dist', 'cli', 'main.js');
    if (!existsSync(built) || statSync(built).mtimeMs < newest(join(REPO, 'src'))) {
      // tsc emits even when other parts of the tree have type errors; the freshness check below decides.
      spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO, 'tsconfig.json')], { stdio: 'ignore' });
    }
    expect(existsSync(built) && statSync(built).mtimeMs >= newest(join(REPO, 'src')), 'dist/ is stale: run `npx tsc -p .`').toBe(true);
  });

  it('node bin/ratsdeck.js validate <fixture> exits 3 with the problem, and writes nothing', () => {
    const dir = join(FIXTURES, 'yaml-tab');
    const before = snapshot(dir);
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'ratsdeck.js'), 'validate', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toBe('deck.yaml:3:1: YAML syntax: a tab is used for indentation (indent with spaces, not tabs)\n0 of 1 deck valid, 1 error\n');
    expect(r.stdout).toBe('');
    expect(snapshot(dir)).toEqual(before);
  });

  it('node bin/ratsdeck.js --version exits 0', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin', 'ratsdeck.js'), '--version'], { cwd: tmp, encoding: 'utf8' });
    expect(r.status).toBe(ExitCode.OK);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
