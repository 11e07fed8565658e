/**
 * Empty results are never silent (issue 11, finding 3): `slides: []` is exit 3 at its line (it
 * built a blank deck, and `pdf` then waited 60 s and blamed the browser); a selection that
 * matches nothing is a warning at the slide's line in validate and build; a slide that shows
 * something only with non-public data warns in the public build without naming what.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-empty-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ACTIVITIES = `- { id: portal, title: Bürgerportal, category: administration, status: { light: green } }
- id: vergabe-rz
  title: Vergabe Rechenzentrum Geheimprojekt
  category: infrastructure
  public: false
  start: 2021-01-01
  budget: { year: 2021, plan: 250000 }
`;

let n = 0;
/** A project with two activities (one non-public) and this deck. */
function project(deck: string): { dir: string; file: string } {
  const dir = join(tmp, `p${n++}`);
  mkdirSync(join(dir, '_data'), { recursive: true });
  writeFileSync(join(dir, 'ratsdeck.yaml'), 'body:\n  name: Stadt Beispiel\n');
  writeFileSync(join(dir, '_data', 'activities.yaml'), ACTIVITIES);
  writeFileSync(join(dir, 'deck.yaml'), deck);
  return { dir, file: join(dir, 'deck.yaml') };
}

const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
const lineIs = (file: string, text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.trim() === text) + 1;

describe('a deck without slides', () => {
  it.each([
    ['slides: []', 'slides: []\n'],
    ['flow style in one line', 'slides: [ ]\n'],
  ])('%s: validate, build and pdf exit 3 at the line of slides, nothing written, no browser started', async (_name, slides) => {
    const { dir, file } = project(`title: Leer\ndate: 2021-05-20\n${slides}`);
    const line = lineOf(file, 'slides:');
    for (const cmd of ['validate', 'build', 'pdf']) {
      const r = await runCli([cmd, 'deck.yaml', ...(cmd === 'validate' ? [] : ['--out', 'out'])], dir);
      expect(r.code, `${cmd}: ${r.stderr}`).toBe(ExitCode.INVALID_DATA);
      expect(r.stderr).toContain(`deck.yaml:${line}:`);
      expect(r.stderr).toContain('slides: a deck needs at least one slide');
      expect(r.stderr).not.toMatch(/browser|timed out/i);
    }
    expect(existsSync(join(dir, 'out', 'deck'))).toBe(false);
  });

  it('every slide public: false: the public build is exit 3 at slides (and says how to make it non-public); --nonpublic builds', async () => {
    const { dir, file } = project('title: Intern\ndate: 2021-05-20\nslides:\n  - { type: title, public: false }\n');
    const r = await runCli(['build', 'deck.yaml', '--out', 'out'], dir);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toContain(`deck.yaml:${lineOf(file, 'slides:')}:1: slides: every slide is marked public: false, so the public build has no slide`);
    expect(r.stderr).toContain('session.public: false');
    expect(existsSync(join(dir, 'out', 'deck'))).toBe(false);
    const np = await runCli(['build', 'deck.yaml', '--out', 'out', '--nonpublic'], dir);
    expect(np.code).toBe(0);
  });
});

describe('a selection that matches nothing', () => {
  const deck = [
    'title: Stand',
    'date: 2021-05-20',
    'slides:',
    '  - type: title',
    '  - type: activities',
    '    select: { status: red }',
    '  - type: activity',
    '    select: { category: study }',
    '  - type: budget',
    '    year: 2020',
    '  - type: networks',
    '  - type: closing',
    '',
  ].join('\n');

  it('is a warning at the slide line in validate (exit 0) and in build (exit 0), each saying what the slide shows instead', async () => {
    const { dir, file } = project(deck);
    const expected = [
      `deck.yaml:${lineOf(file, 'type: activities')}:5: warning: slides[1]: activities slide: its select matches no activity, so the slide shows only "no entries"`,
      `deck.yaml:${lineIs(file, '- type: activity')}:5: warning: slides[2]: activity slide: its select matches no activity, so no slide is shown for it`,
      `deck.yaml:${lineOf(file, 'type: budget')}:5: warning: slides[3]: budget slide: none of the selected activities has a budget for 2020`,
      `deck.yaml:${lineOf(file, 'type: networks')}:5: warning: slides[4]: networks slide: there are no networks in the data`,
    ];
    const v = await runCli(['validate', 'deck.yaml'], dir);
    expect(v.code).toBe(0);
    for (const e of expected) expect(v.stderr).toContain(e);
    const b = await runCli(['build', 'deck.yaml', '--out', 'out'], dir);
    expect(b.code).toBe(0);
    for (const e of expected) expect(b.stderr).toContain(e);
    // Title, the table saying "no entries", the budget's chart and table, networks, closing: no activity slide.
    expect(b.stderr).toMatch(/wrote .*\(6 slides/);
  });

  it('validate --json gives each as a warning with code empty-slide', async () => {
    const { dir } = project(deck);
    const v = await runCli(['validate', 'deck.yaml', '--json'], dir);
    const problems = (JSON.parse(v.stdout) as { problems: { code?: string; severity: string; path: string }[] }).problems;
    expect(problems.filter((p) => p.code === 'empty-slide').map((p) => [p.path, p.severity])).toEqual([
      ['slides[1]', 'warning'],
      ['slides[2]', 'warning'],
      ['slides[3]', 'warning'],
      ['slides[4]', 'warning'],
    ]);
  });
});

describe('a slide whose selection is all non-public', () => {
  const deck = 'title: Stand\ndate: 2021-05-20\nslides:\n  - type: title\n  - type: timeline\n    select: { category: infrastructure }\n  - type: budget\n';

  it('validate is silent (the data has it); the public build warns at the slide, naming nothing of it', async () => {
    const { dir, file } = project(deck);
    const v = await runCli(['validate', 'deck.yaml'], dir);
    expect(v.code).toBe(0);
    expect(v.stderr).not.toContain('warning');
    const b = await runCli(['build', 'deck.yaml', '--out', 'out'], dir);
    expect(b.code).toBe(0);
    expect(b.stderr).toContain(`deck.yaml:${lineOf(file, 'type: timeline')}:5: warning: slides[1]: timeline slide: shows nothing in the public build`);
    expect(b.stderr).toContain(`deck.yaml:${lineOf(file, 'type: budget')}:5: warning: slides[2]: budget slide: shows nothing in the public build`);
    expect(b.stderr).toContain('mark the slide public: false too');
    // What was left out is not named: only its id, in the line ratsdeck always prints.
    expect(b.stderr).not.toMatch(/Rechenzentrum|Geheimprojekt|250/);
  });

  it('the non-public build shows it and does not warn', async () => {
    const { dir } = project(deck);
    const b = await runCli(['build', 'deck.yaml', '--out', 'out', '--nonpublic'], dir);
    expect(b.code).toBe(0);
    expect(b.stderr).not.toContain('warning');
  });
});

describe('after a public build left out a non-public slide', () => {
  it('warnings about later slides still point at their own line', async () => {
    const { dir, file } = project('title: Stand\ndate: 2021-05-20\nslides:\n  - type: title\n  - { type: text, title: Intern, body: x, public: false }\n  - type: budget\n');
    const b = await runCli(['build', 'deck.yaml', '--out', 'out'], dir);
    expect(b.stderr).toContain(`deck.yaml:${lineOf(file, 'type: budget')}:5: warning: slides[2]: budget slide: shows nothing in the public build`);
    // And the built slide says which entry it came from (what `check` locates by).
    const html = readFileSync(join(dir, 'out', 'deck', 'index.html'), 'utf8');
    expect(html).toMatch(/data-rd-source="2" data-rd-type="budget"/);
  });
});
