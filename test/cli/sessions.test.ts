/**
 * The session workflow through main(argv) (issue 5): `ratsdeck new` writes the next session's
 * deck from the last one (comments and everything else kept byte for byte, never overwriting),
 * `ratsdeck freeze` records what was presented, and a frozen deck keeps building from its
 * snapshot while _data/ moves on. Each test works on its own copy of test/fixtures/sessions/.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';
import { Snapshot } from '../../src/model/snapshot.js';
import { slideSections } from '../render/helpers.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const OLD = '2021-05-hfa';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-sessions-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Sets a file's modification time, as if it was last saved then. */
function savedAt(file: string, iso: string): void {
  utimesSync(file, new Date(iso), new Date(iso));
}

let n = 0;
/**
 * A fresh copy of the fixture project, its files last saved before the May session (as in a
 * working copy; a copy made now would say "changed after the session" to `freeze`).
 */
function project(): string {
  const dir = join(tmp, `case-${++n}`, 'projekt');
  cpSync(FIXTURE, dir, { recursive: true });
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else savedAt(join(d, e.name), '2021-05-01T08:00:00Z');
    }
  };
  walk(dir);
  return dir;
}

const run = (cwd: string, ...argv: string[]): Promise<Run> => runCli(argv, cwd);

/** Lines only in `a` and lines only in `b`, in order (a longest-common-subsequence line diff). */
function lineDiff(a: string, b: string): { removed: string[]; added: string[] } {
  const x = a.split('\n');
  const y = b.split('\n');
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      i++;
      j++;
    } else if (j < y.length && (i === x.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) added.push(y[j++]!);
    else removed.push(x[i++]!);
  }
  return { removed, added };
}

function files(dir: string): string[] {
  return readdirSync(dir).sort();
}

const read = (p: string) => readFileSync(p, 'utf8');

describe('ratsdeck new', () => {
  it('writes the next deck: new session data, predecessor, a changes slide; everything else byte for byte', async () => {
    const dir = project();
    const r = await run(dir, 'new', '2021-09-hsk.yaml', '--from', OLD, '--date', '2021-09-23', '--time', '18:30', '--committee', 'hsk', '--top', 'Ö 3');
    expect(r.stderr).toContain('wrote 2021-09-hsk.yaml (from 2021-05-hfa.yaml; predecessor: 2021-05-hfa)');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');

    const before = read(join(dir, `${OLD}.yaml`));
    const after = read(join(dir, '2021-09-hsk.yaml'));
    expect(lineDiff(before, after)).toEqual({
      removed: [
        '  committee: hfa   # Haupt- und Finanzausschuss',
        '  date: 2021-05-20',
        '  time: "17:00"',
        '  agendaItem: Ö 5',
        // The new session has no result yet.
        '  result: zur Kenntnis genommen',
        '  votes:',
        '    yes: 12',
        '    no: 0',
        '    abstentions: 1',
      ],
      added: [
        'predecessor: 2021-05-hfa',
        '  committee: hsk   # Haupt- und Finanzausschuss',
        '  date: 2021-09-23',
        '  time: "18:30"',
        '  agendaItem: Ö 3',
        '  - type: changes',
      ],
    });
    // Every comment of the earlier deck is still there.
    const comments = before.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments.length).toBeGreaterThan(3);
    for (const c of comments) expect(after).toContain(c);
    // The earlier deck is untouched.
    expect(read(join(dir, `${OLD}.yaml`))).toBe(read(join(FIXTURE, `${OLD}.yaml`)));

    const deck = parse(after) as { predecessor: string; session: Record<string, unknown>; slides: { type: string }[] };
    expect(deck.predecessor).toBe(OLD);
    expect(deck.session).toEqual({ committee: 'hsk', date: '2021-09-23', time: '18:30', location: 'Rathaus', agendaItem: 'Ö 3', public: true });
    // The changes slide comes right after the agenda.
    expect(deck.slides.map((s) => s.type)).toEqual(['title', 'agenda', 'changes', 'activities', 'activity', 'budget', 'recommendations', 'closing']);
  });

  it('writes a deck that validates once the earlier session is frozen (and says what is missing before)', async () => {
    const dir = project();
    expect((await run(dir, 'new', 'naechste.yaml', '--from', `${OLD}.yaml`, '--date', '2021-09-23')).code).toBe(0);
    const early = await run(dir, 'validate', 'naechste.yaml');
    expect(early.code).toBe(ExitCode.INVALID_DATA);
    expect(early.stderr).toMatch(/naechste\.yaml:\d+:\d+: slides\[2\]: no snapshot of "2021-05-hfa"/);
    // The path is relative to where ratsdeck runs.
    expect(early.stderr).toMatch(/ratsdeck freeze \S*2021-05-hfa\.yaml/);
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    const ok = await run(dir, 'validate', 'naechste.yaml');
    expect(ok.stderr).toBe('1 of 1 deck valid\n');
    expect(ok.code).toBe(0);
  });

  it('from a deck that already has a predecessor and a changes slide: replaces the predecessor, adds no second slide', async () => {
    const dir = project();
    expect((await run(dir, 'new', 'zwei.yaml', '--from', OLD, '--date', '2021-09-23')).code).toBe(0);
    expect((await run(dir, 'new', 'drei.yaml', '--from', 'zwei', '--date', '2021-12-09')).code).toBe(0);
    const { removed, added } = lineDiff(read(join(dir, 'zwei.yaml')), read(join(dir, 'drei.yaml')));
    expect({ removed, added }).toEqual({
      removed: ['predecessor: 2021-05-hfa', '  date: 2021-09-23'],
      added: ['predecessor: zwei', '  date: 2021-12-09'],
    });
  });

  it('refuses to overwrite an existing file (exit 2), and leaves it as it was', async () => {
    const dir = project();
    const target = join(dir, 'naechste.yaml');
    writeFileSync(target, '# schon da\n');
    const mtime = statSync(target).mtimeMs;
    const r = await run(dir, 'new', 'naechste.yaml', '--from', OLD, '--date', '2021-09-23');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('naechste.yaml already exists; ratsdeck new never overwrites a file');
    expect(read(target)).toBe('# schon da\n');
    expect(statSync(target).mtimeMs).toBe(mtime);
    // Also over a deck it wrote itself, and over the deck it starts from.
    expect((await run(dir, 'new', 'zwei.yaml', '--from', OLD)).code).toBe(0);
    const written = read(join(dir, 'zwei.yaml'));
    expect((await run(dir, 'new', 'zwei.yaml', '--from', OLD, '--date', '2022-01-01')).code).toBe(ExitCode.USAGE);
    expect(read(join(dir, 'zwei.yaml'))).toBe(written);
    expect((await run(dir, 'new', `${OLD}.yaml`, '--from', OLD)).code).toBe(ExitCode.USAGE);
    expect(read(join(dir, `${OLD}.yaml`))).toBe(read(join(FIXTURE, `${OLD}.yaml`)));
  });

  it('rejects an impossible date (exit 2) and writes nothing', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'naechste.yaml', '--from', OLD, '--date', '2021-02-30');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('--date 2021-02-30: expected a real date written as YYYY-MM-DD');
    expect(files(dir)).toEqual(files(FIXTURE));
  });

  it('rejects an unknown --committee (exit 2, naming the flag and the known ids), and writes nothing, not even a temporary file', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'naechste.yaml', '--from', OLD, '--committee', 'nope');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('--committee nope: no such committee in ratsdeck.yaml');
    expect(r.stderr).toMatch(/known committee ids: .*hfa/);
    expect(files(dir)).toEqual(files(FIXTURE));
  });

  it('names an earlier deck that does not exist (exit 2)', async () => {
    const dir = project();
    const r = await run(dir, 'new', 'naechste.yaml', '--from', 'gibt-es-nicht');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('gibt-es-nicht: no such deck file');
    expect(files(dir)).toEqual(files(FIXTURE));
  });
});

/** The Vorlage of the May deck in full, block style, with comments and a decision slide. */
const WITH_PAPER = `title: Digitalisierung der Verwaltung
subtitle: Bericht zur Stellungnahme ST/0027/2021
session:
  committee: hfa
  date: 2021-05-20
  agendaItem: Ö 5
paper:                  # die Vorlage
  reference: ST/0027/2021
  paperType: Stellungnahme
  date: 2021-04-12
  subject: Vorstellung der Arbeit des IT-Beirates
  # Wörtlich aus der Vorlage.
  decisionProposal:
    kind: Beschlussempfehlung
    text: Die Verwaltung wird in einer der nächsten Sitzungen berichten.
  consultations:
    - { committee: hsk, date: 2021-04-22, role: Kenntnisnahme }
slides:
  - type: title
  - type: agenda
  - type: decision
`;

/** The same in flow style. */
const WITH_PAPER_FLOW = `title: Digitalisierung der Verwaltung
session: {committee: hfa, date: 2021-05-20, agendaItem: Ö 5, result: zur Kenntnis genommen}
paper: {reference: ST/0027/2021, date: 2021-04-12, subject: Vorstellung, decisionProposal: {text: Zur Kenntnis.}}  # Vorlage
slides: [{type: title}, {type: agenda}, {type: decision}]
`;

describe('ratsdeck new: the Vorlage (issue 11, finding 9)', () => {
  it('without --paper: keeps it and says so in one line, naming every field kept', async () => {
    const dir = project();
    writeFileSync(join(dir, 'mai.yaml'), WITH_PAPER);
    const r = await run(dir, 'new', 'sep.yaml', '--from', 'mai', '--date', '2021-09-23', '--top', 'Ö 4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'warning: no --paper given: sep.yaml keeps the Vorlage of mai (paper.reference ST/0027/2021, paper.paperType Stellungnahme, paper.date 2021-04-12, paper.subject, paper.decisionProposal, paper.consultations), shown in every slide footer; right for the same Vorlage in another committee; for a new one give --paper REF (or --no-paper), or edit paper: in it',
    );
    expect((parse(read(join(dir, 'sep.yaml'))) as { paper: unknown }).paper).toEqual((parse(WITH_PAPER) as { paper: unknown }).paper);
  });

  it('--paper and --paper-date replace it: the earlier date, resolution and Gremienweg go, what stays is named; comments stay', async () => {
    const dir = project();
    writeFileSync(join(dir, 'mai.yaml'), WITH_PAPER);
    const r = await run(dir, 'new', 'sep.yaml', '--from', 'mai', '--date', '2021-09-23', '--top', 'Ö 4', '--paper', 'BV/0112/2021', '--paper-date', '2021-09-01');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sep.yaml: Vorlage BV/0112/2021; removed what belonged to the Vorlage of mai: paper.decisionProposal, paper.consultations');
    expect(r.stderr).toContain('warning: sep.yaml keeps from the Vorlage of mai: paper.paperType Stellungnahme, paper.subject; check them for BV/0112/2021');
    expect(r.stderr).toContain('warning: sep.yaml has a decision slide but no Beschlussvorschlag for BV/0112/2021: write paper.decisionProposal.text in it, or remove the slide');
    // The earlier reference typed into the subtitle, at its line.
    expect(r.stderr).toContain('sep.yaml:2:37: warning: still names ST/0027/2021, the Vorlage of mai (change or remove it for the new session)');
    const text = read(join(dir, 'sep.yaml'));
    expect((parse(text) as { paper: unknown }).paper).toEqual({ reference: 'BV/0112/2021', paperType: 'Stellungnahme', date: '2021-09-01', subject: 'Vorstellung der Arbeit des IT-Beirates' });
    expect(text).toContain('paper:                  # die Vorlage\n  reference: BV/0112/2021\n');
    expect(text).toContain('# Wörtlich aus der Vorlage.');
    expect(text).not.toContain('Die Verwaltung wird');
    expect(read(join(dir, 'mai.yaml'))).toBe(WITH_PAPER);
  });

  it('works the same on flow-style session, paper and slides', async () => {
    const dir = project();
    writeFileSync(join(dir, 'mai.yaml'), WITH_PAPER_FLOW);
    const r = await run(dir, 'new', 'sep.yaml', '--from', 'mai', '--date', '2021-09-23', '--top', 'Ö 4', '--paper', 'BV/0112/2021', '--paper-subject', 'Sachstand: Digitalisierung');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('removed what belonged to the Vorlage of mai: paper.date, paper.decisionProposal');
    expect(r.stderr).not.toContain('keeps from the Vorlage');
    const text = read(join(dir, 'sep.yaml'));
    expect(text).toMatch(/^paper: \{reference: BV\/0112\/2021, subject: "Sachstand: Digitalisierung"\}  # Vorlage$/m);
    expect(text).toMatch(/^session: \{committee: hfa, date: 2021-09-23, agendaItem: Ö 4\}$/m);
    expect(text).toMatch(/^slides: \[\{ ?type: title ?\}, \{ ?type: agenda ?\}, \{ ?type: changes ?\}, \{ ?type: decision ?\}\]$/m);
  });

  it('--no-paper removes it; a deck without one gets --paper with --paper-subject', async () => {
    const dir = project();
    writeFileSync(join(dir, 'mai.yaml'), WITH_PAPER);
    const r = await run(dir, 'new', 'sep.yaml', '--from', 'mai', '--date', '2021-09-23', '--top', 'Ö 4', '--no-paper');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sep.yaml has no paper (--no-paper): removed the Vorlage of mai');
    expect((parse(read(join(dir, 'sep.yaml'))) as { paper?: unknown }).paper).toBeUndefined();

    const again = await run(dir, 'new', 'dez.yaml', '--from', 'sep', '--date', '2021-12-09', '--top', 'Ö 2', '--paper', 'BV/0200/2021', '--paper-subject', 'Sachstand');
    expect(again.code, again.stderr).toBe(0);
    expect((parse(read(join(dir, 'dez.yaml'))) as { paper?: unknown }).paper).toEqual({ reference: 'BV/0200/2021', subject: 'Sachstand' });
  });

  it('refuses wrong paper flags (exit 2) and writes nothing', async () => {
    const dir = project();
    writeFileSync(join(dir, 'ohne.yaml'), 'title: Ohne Vorlage\nslides:\n  - type: title\n');
    const before = files(dir);
    const cases: [string[], string][] = [
      [['--paper-date', '2021-09-01'], '--paper-date describes a new Vorlage: give its reference with --paper too'],
      [['--paper-subject', 'X'], '--paper-subject describes a new Vorlage: give its reference with --paper too'],
      // Real RIS numbers come in many forms (issue 12); what is clearly wrong is refused.
      [['--paper', 'BV/0112/2021\nzweite Zeile'], '--paper'],
      [['--paper', 'BV/0112/2021', '--paper-date', '2021-02-30'], '--paper-date 2021-02-30: expected a real date written as YYYY-MM-DD'],
    ];
    for (const [flags, message] of cases) {
      const r = await run(dir, 'new', 'sep.yaml', '--from', OLD, ...flags);
      expect(r.code, flags.join(' ')).toBe(ExitCode.USAGE);
      expect(r.stderr).toContain(message);
    }
    const noSubject = await run(dir, 'new', 'sep.yaml', '--from', 'ohne', '--paper', 'BV/0112/2021');
    expect(noSubject.code).toBe(ExitCode.USAGE);
    expect(noSubject.stderr).toContain('--paper BV/0112/2021: ohne.yaml has no paper to take the subject from');
    expect(noSubject.stderr).toContain('--paper-subject');
    expect(files(dir)).toEqual(before);
  });
});

describe('ratsdeck freeze', () => {
  it('writes _sessions/<deck>.json: the public view of the data, with the session result and votes', async () => {
    const dir = project();
    const r = await run(dir, 'freeze', OLD);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('froze 2021-05-hfa (public) → _sessions/2021-05-hfa.json');
    // No build of it (out/ is empty): today's data, since none of its files changed after the session.
    expect(r.stderr).toContain(
      "recorded today's data: out/ holds no public build of it, and none of the files its data comes from changed since the session (2021-05-20 17:00)",
    );
    expect(files(join(dir, '_sessions'))).toEqual(['2021-05-hfa.json']);

    const json = JSON.parse(read(join(dir, '_sessions', '2021-05-hfa.json'))) as Snapshot;
    expect(Snapshot.safeParse(json).success).toBe(true);
    expect(json).toMatchObject({ format: 1, deck: OLD, audience: 'public', title: 'Digitalisierung der Verwaltung', date: '2021-05-20' });
    expect(json.session).toEqual({
      committee: 'hfa',
      date: '2021-05-20',
      time: '17:00',
      location: 'Rathaus',
      agendaItem: 'Ö 5',
      public: true,
      result: 'zur Kenntnis genommen',
      votes: { yes: 12, no: 0, abstentions: 1 },
    });
    expect(json.paper).toEqual({ reference: 'ST/0027/2021', subject: 'Vorstellung der Arbeit des IT-Beirates' });
    // Audience-selected: no non-public activity, milestone or recommendation; no name without consent.
    expect(json.activities.map((a) => a.id)).toEqual(['online-dienste', 'e-akte']);
    expect(json.activities[0]!.milestones!.map((m) => m.title)).toEqual(['Gewerbeanmeldung online']);
    expect(json.itBeirat!.recommendations!.map((x) => x.id)).toEqual(['empf-1']);
    expect(json.itBeirat!.members).toEqual([
      { name: 'Prof. Dr. Beispiel', affiliation: 'Universität', consent: true },
      { affiliation: 'IT-Sicherheit (Unternehmen)' },
    ]);
    expect(JSON.stringify(json)).not.toMatch(/Vergabe|Zuschlag|Vertrauliche|Ohne Einwilligung/);
  });

  it('refuses to replace a snapshot (exit 2) unless --force', async () => {
    const dir = project();
    const file = join(dir, '_sessions', '2021-05-hfa.json');
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    const first = read(file);
    const mtime = statSync(file).mtimeMs;
    // The deck changes after the session (the result is corrected)…
    writeFileSync(join(dir, `${OLD}.yaml`), read(join(dir, `${OLD}.yaml`)).replace('result: zur Kenntnis genommen', 'result: vertagt'));
    const again = await run(dir, 'freeze', OLD);
    expect(again.code).toBe(ExitCode.USAGE);
    expect(again.stderr).toContain('_sessions/2021-05-hfa.json already exists');
    expect(again.stderr).toContain('--force');
    expect(read(file)).toBe(first);
    expect(statSync(file).mtimeMs).toBe(mtime);
    // …and is recorded again only when asked: the result from the deck, the data as recorded.
    const forced = await run(dir, 'freeze', OLD, '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("kept the data recorded in _sessions/2021-05-hfa.json; the session's details from the deck");
    expect((JSON.parse(read(file)) as Snapshot).session!.result).toBe('vertagt');
  });

  it('--nonpublic also writes _sessions/<deck>-nichtoeffentlich.json with everything', async () => {
    const dir = project();
    const r = await run(dir, 'freeze', `${OLD}.yaml`, '--nonpublic');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('froze 2021-05-hfa (non-public) → _sessions/2021-05-hfa-nichtoeffentlich.json');
    expect(files(join(dir, '_sessions'))).toEqual(['2021-05-hfa-nichtoeffentlich.json', '2021-05-hfa.json']);
    const np = JSON.parse(read(join(dir, '_sessions', '2021-05-hfa-nichtoeffentlich.json'))) as Snapshot;
    expect(np.audience).toBe('nonpublic');
    expect(np.activities.map((a) => a.id)).toEqual(['online-dienste', 'e-akte', 'vergabe-plattform']);
    expect(np.activities[0]!.milestones!.map((m) => m.title)).toEqual(['Gewerbeanmeldung online', 'Zuschlag für die Plattform']);
    expect(np.itBeirat!.recommendations!.map((x) => x.id)).toEqual(['empf-1', 'empf-vertraulich']);
    expect(np.itBeirat!.members!.map((m) => m.name)).toEqual(['Prof. Dr. Beispiel', 'Dr. Ohne Einwilligung']);
    expect(np.session!.result).toBe('zur Kenntnis genommen');
    const pub = JSON.parse(read(join(dir, '_sessions', '2021-05-hfa.json'))) as Snapshot;
    expect(pub.audience).toBe('public');
    expect(JSON.stringify(pub)).not.toMatch(/Vergabe|Zuschlag|Vertrauliche|Ohne Einwilligung/);
  });

  it('--nonpublic after a public freeze refuses as a whole: no snapshot is written', async () => {
    const dir = project();
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    const r = await run(dir, 'freeze', OLD, '--nonpublic');
    expect(r.code).toBe(ExitCode.USAGE);
    expect(files(join(dir, '_sessions'))).toEqual(['2021-05-hfa.json']);
    expect((await run(dir, 'freeze', OLD, '--nonpublic', '--force')).code).toBe(0);
    expect(files(join(dir, '_sessions'))).toEqual(['2021-05-hfa-nichtoeffentlich.json', '2021-05-hfa.json']);
  });

  it('records a non-public session only in the non-public snapshot', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'vergabe.yaml'),
      'title: Vergabe\nsession:\n  committee: hfa\n  date: 2021-09-23\n  agendaItem: N 2\n  public: false\n  result: einstimmig beschlossen\nslides:\n  - type: title\n',
    );
    const r = await run(dir, 'freeze', 'vergabe');
    expect(r.code).toBe(0);
    expect(files(join(dir, '_sessions'))).toEqual(['vergabe-nichtoeffentlich.json']);
    expect((JSON.parse(read(join(dir, '_sessions', 'vergabe-nichtoeffentlich.json'))) as Snapshot).audience).toBe('nonpublic');
  });

  it('warns when no result was recorded', async () => {
    const dir = project();
    writeFileSync(join(dir, `${OLD}.yaml`), read(join(dir, `${OLD}.yaml`)).replace('  result: zur Kenntnis genommen\n', ''));
    const r = await run(dir, 'freeze', OLD);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: 2021-05-hfa: no session\.result recorded/);
  });

  it('refuses an invalid deck (exit 3) and an unknown one (exit 2), writing nothing', async () => {
    const dir = project();
    writeFileSync(join(dir, 'kaputt.yaml'), 'title: Kaputt\nsession:\n  committee: hfa\n  date: 2021-02-30\nslides:\n  - type: title\n');
    const bad = await run(dir, 'freeze', 'kaputt');
    expect(bad.code).toBe(ExitCode.INVALID_DATA);
    expect(bad.stderr).toMatch(/kaputt\.yaml:4:\d+: session\.date: impossible date "2021-02-30"/);
    expect((await run(dir, 'freeze', 'gibt-es-nicht')).code).toBe(ExitCode.USAGE);
    expect(existsSync(join(dir, '_sessions'))).toBe(false);
  });
});

describe('a frozen deck', () => {
  const changesText = (html: string) =>
    slideSections(html)
      .filter((s) => s.type === 'changes')
      .map((s) => s.html.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' '))
      .join(' ');

  it('builds from its snapshot: editing _data/ afterwards changes the next deck, not the frozen one', async () => {
    const dir = project();
    const out = join(dir, '..', 'out');
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    expect((await run(dir, 'new', '2021-09-hfa.yaml', '--from', OLD, '--date', '2021-09-23', '--top', 'Ö 4')).code).toBe(0);

    const first = await run(dir, 'build', '--out', out);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('2021-05-hfa: built from its snapshot _sessions/2021-05-hfa.json (frozen after the session)');
    const oldHtml = read(join(out, OLD, 'index.html'));
    const newHtml = read(join(out, '2021-09-hfa', 'index.html'));
    expect(changesText(newHtml)).toContain('Seit der letzten Sitzung hat sich nichts geändert.');

    // After the session the data moves on: a renamed activity, more progress, a bigger plan.
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(
      data,
      read(data)
        .replace('title: E-Akte', 'title: E-Akte (Einführung)')
        .replace('progress: 10', 'progress: 60')
        .replace('plan: 450000', 'plan: 510000'),
    );
    const second = await run(dir, 'build', '--out', out);
    expect(second.code).toBe(0);
    expect(read(join(out, OLD, 'index.html'))).toBe(oldHtml);
    const changed = read(join(out, '2021-09-hfa', 'index.html'));
    expect(changed).not.toBe(newHtml);
    expect(changed).toContain('E-Akte (Einführung)');
    expect(oldHtml).not.toContain('E-Akte (Einführung)');
    const changes = changesText(changed);
    expect(changes).toContain('Vergleich mit der Sitzung HFA 20.05.2021');
    expect(changes).toContain('E-Akte (Einführung): 10\u00a0% → 60\u00a0%');
    expect(changes).toContain('Online-Dienste: Plan 450.000\u00a0€ → 510.000\u00a0€ (+60.000\u00a0€)');
  });

  it('a non-public build diffs against the non-public snapshot: non-public changes show, public ones too', async () => {
    const dir = project();
    const out = join(dir, '..', 'out');
    expect((await run(dir, 'freeze', OLD, '--nonpublic')).code).toBe(0);
    expect((await run(dir, 'new', '2021-09-hfa.yaml', '--from', OLD, '--date', '2021-09-23')).code).toBe(0);
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(data, read(data).replace('label: Einspruch eines Bieters', 'label: Einspruch zurückgewiesen').replace('light: red', 'light: green'));
    expect((await run(dir, 'build', '--nonpublic', '--out', out)).code).toBe(0);
    expect((await run(dir, 'build', '--out', out)).code).toBe(0);
    const np = changesText(read(join(out, '2021-09-hfa-nichtoeffentlich', 'index-nichtoeffentlich.html')));
    expect(np).toContain('Vergabe der Plattform: Rot – Einspruch eines Bieters → Grün – Einspruch zurückgewiesen');
    expect(np).not.toContain('Neue Aktivitäten');
    const pub = changesText(read(join(out, '2021-09-hfa', 'index.html')));
    expect(pub).toContain('Seit der letzten Sitzung hat sich nichts geändert.');
    expect(pub).not.toContain('Vergabe');
  });

  /** May (HFA) → June (HSK) → September (HFA), E-Akte progress 10 → 30 → 60 %, both earlier sessions frozen. */
  async function threeSessions(): Promise<{ dir: string; out: string }> {
    const dir = project();
    const data = join(dir, '_data', 'activities.yaml');
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    expect((await run(dir, 'new', '2021-06-hsk.yaml', '--from', OLD, '--date', '2021-06-16', '--committee', 'hsk', '--top', 'Ö 3')).code).toBe(0);
    writeFileSync(data, read(data).replace('progress: 10', 'progress: 30'));
    // Edited before the June session, frozen after it.
    savedAt(data, '2021-06-10T08:00:00Z');
    expect((await run(dir, 'freeze', '2021-06-hsk')).code).toBe(0);
    expect((await run(dir, 'new', '2021-09-hfa.yaml', '--from', '2021-06-hsk', '--date', '2021-09-23', '--committee', 'hfa')).code).toBe(0);
    writeFileSync(data, read(data).replace('progress: 30', 'progress: 60'));
    return { dir, out: join(dir, '..', 'out') };
  }

  it('compares with the predecessor, which `new` sets to the deck it started from', async () => {
    const { dir, out } = await threeSessions();
    expect((await run(dir, 'build', '2021-09-hfa.yaml', '--out', out)).code).toBe(0);
    const changes = changesText(read(join(out, '2021-09-hfa', 'index.html')));
    expect(changes).toContain('Vergleich mit der Sitzung HSK 16.06.2021');
    expect(changes).toContain('E-Akte: 30\u00a0% → 60\u00a0%');
  });

  // BUG (src/pipeline.ts changesFor): it diffs against the `since:` of the first changes slide
  // only and hands that one diff to every changes slide, so a second slide with its own `since:`
  // (documented per slide in the schema) shows the first slide's comparison.
  it('a second changes slide with its own since: compares with that session', async () => {
    const { dir, out } = await threeSessions();
    const file = join(dir, '2021-09-hfa.yaml');
    writeFileSync(file, `${read(file)}\n  - type: changes\n    title: Seit der Sitzung im Mai\n    since: 2021-05-hfa\n`);
    expect((await run(dir, 'build', '2021-09-hfa.yaml', '--out', out)).code).toBe(0);
    const slides = slideSections(read(join(out, '2021-09-hfa', 'index.html'))).filter((s) => s.type === 'changes');
    expect(slides).toHaveLength(2);
    const second = changesText(slides[1]!.html);
    expect(second).toContain('Vergleich mit der Sitzung HFA 20.05.2021');
    expect(second).toContain('E-Akte: 10\u00a0% → 60\u00a0%');
  });

  // BUG (src/project/sessions.ts loadSnapshotFor, used by src/pipeline.ts changesFor): when only
  // the public snapshot was frozen (`freeze` without --nonpublic), a --nonpublic build diffs that
  // public snapshot against the current non-public data, so every non-public activity, milestone
  // and recommendation that already existed is listed as new ("Neue Aktivitäten: Vergabe der
  // Plattform"). Both sides should be seen by the same audience (restrict the current side to
  // public data, or say that the non-public state was not recorded).
  it('a non-public build with only a public snapshot does not call existing non-public items new', async () => {
    const dir = project();
    const out = join(dir, '..', 'out');
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    expect((await run(dir, 'new', '2021-09-hfa.yaml', '--from', OLD, '--date', '2021-09-23')).code).toBe(0);
    expect((await run(dir, 'build', '--nonpublic', '--out', out)).code).toBe(0);
    const np = changesText(read(join(out, '2021-09-hfa-nichtoeffentlich', 'index-nichtoeffentlich.html')));
    expect(np).not.toContain('Vergabe der Plattform');
    expect(np).not.toContain('Zuschlag für die Plattform');
    expect(np).not.toContain('Vertrauliche Empfehlung');
  });
});

/**
 * Issue 11, finding 1: a freeze after _data/ moved on must record what was built for the
 * session, not today's data, or refuse to guess. The builds run at a set clock (only Date is
 * faked): a build on 18 May is before the session of 20 May, one in June after it.
 */
describe('freeze after the data moved on (issue 11)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const clock = (iso: string) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(iso));
  };
  const changesText = (html: string) =>
    slideSections(html)
      .filter((s) => s.type === 'changes')
      .map((s) => s.html.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' '))
      .join(' ');

  /** Every file below `dir` with its content (sentinels for what a command may not touch). */
  function tree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string, prefix: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const rel = `${prefix}${e.name}`;
        if (e.isDirectory()) walk(join(d, e.name), `${rel}/`);
        else out[rel] = read(join(d, e.name));
      }
    };
    walk(dir, '');
    return out;
  }

  /** After the session: a status, an Ist amount and a milestone change in _data/. */
  function moveOn(dir: string): void {
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(
      data,
      read(data)
        .replace('    light: yellow\n', '    light: red\n    label: Verzug bei der Ausschreibung\n')
        .replace('    actual: 50000\n', '    actual: 120000\n')
        .replace('      done: true\n    - title: Zuschlag', '      done: true\n    - title: Wohngeld online\n      due: 2021-12-31\n    - title: Zuschlag'),
    );
  }

  it('records what was built before the session, also after a later build with the new data; the next deck lists the changes', async () => {
    const dir = project();
    const sentinel = join(dir, '..', 'neben-dem-projekt.txt');
    writeFileSync(sentinel, 'bleibt\n');
    clock('2021-05-18T10:00:00Z');
    expect((await run(dir, 'build', `${OLD}.yaml`)).code).toBe(0);
    // The public record holds the public view only (it lies in the public output folder).
    const record = read(join(dir, 'out', '.ratsdeck-output.json'));
    expect(record).toContain('"builds"');
    expect(record).not.toMatch(/Vergabe|Zuschlag|Vertrauliche|Ohne Einwilligung/);

    // June: the data moves on for the next session, and the whole project is built again.
    clock('2021-06-02T09:00:00Z');
    moveOn(dir);
    const later = await run(dir, 'build');
    expect(later.code, later.stderr).toBe(0);
    expect(read(join(dir, 'out', OLD, 'index.html'))).toContain('Verzug bei der Ausschreibung');

    const before = tree(join(dir, '..'));
    const r = await run(dir, 'freeze', OLD);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('froze 2021-05-hfa (public) → _sessions/2021-05-hfa.json: recorded what was built on 2021-05-18 12:00 (out/2021-05-hfa/)');
    expect(r.stderr).toContain("today's data has 3 changes since that build: the next deck's changes slide shows them");
    // freeze wrote its snapshot and nothing else: not the output, not the project, not beside it.
    const after = tree(join(dir, '..'));
    expect(Object.keys(after).filter((k) => !(k in before))).toEqual(['projekt/_sessions/2021-05-hfa.json']);
    for (const [k, v] of Object.entries(before)) expect(after[k], k).toBe(v);
    expect(read(sentinel)).toBe('bleibt\n');

    const snap = JSON.parse(read(join(dir, '_sessions', `${OLD}.json`))) as Snapshot;
    expect(Snapshot.safeParse(snap).success).toBe(true);
    const eAkte = snap.activities.find((a) => a.id === 'e-akte')!;
    expect(eAkte.status).toEqual({ light: 'yellow' });
    expect(eAkte.budget!.actual).toBe(50000);
    expect(snap.activities.find((a) => a.id === 'online-dienste')!.milestones!.map((m) => m.title)).toEqual(['Gewerbeanmeldung online']);
    // The session's details from the deck, where the result is written after the session.
    expect(snap.session!.result).toBe('zur Kenntnis genommen');
    expect(JSON.stringify(snap)).not.toMatch(/Vergabe|Zuschlag|Vertrauliche|Ohne Einwilligung/);

    // The next session: its changes slide lists what changed since what was presented.
    expect((await run(dir, 'new', '2021-09-hfa.yaml', '--from', OLD, '--date', '2021-09-23', '--top', 'Ö 4')).code).toBe(0);
    clock('2021-09-20T09:00:00Z');
    expect((await run(dir, 'build', '2021-09-hfa.yaml')).code).toBe(0);
    const changes = changesText(read(join(dir, 'out', '2021-09-hfa', 'index.html')));
    expect(changes).not.toContain('Seit der letzten Sitzung hat sich nichts geändert.');
    expect(changes).toContain('Status geändert');
    expect(changes).toContain('E-Akte: Gelb – mit Verzögerung → Rot – Verzug bei der Ausschreibung');
    expect(changes).toContain('E-Akte: Ist 50.000\u00a0€ → 120.000\u00a0€ (+70.000\u00a0€)');
    expect(changes).toContain('Neue Meilensteine');
    expect(changes).toContain('Online-Dienste: Wohngeld online (31.12.2021)');
  });

  it('without a build from before the session and with data changed since: refuses (exit 2), writes nothing, says what to do', async () => {
    const dir = project();
    moveOn(dir);
    const before = tree(join(dir, '..'));
    const r = await run(dir, 'freeze', OLD);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toMatch(
      /error: 2021-05-hfa: cannot tell what was presented \(public\): out\/ holds no public build of it, and _data\/activities\.yaml \(\d{4}-\d\d-\d\d \d\d:\d\d\) changed after the session \(2021-05-20 17:00\); nothing frozen/,
    );
    expect(r.stderr).toContain('--from-current-data');
    expect(r.stderr).toContain('git');
    expect(tree(join(dir, '..'))).toEqual(before);
    expect(existsSync(join(dir, '_sessions'))).toBe(false);

    // A build after the session is no evidence either, and is named.
    expect((await run(dir, 'build', `${OLD}.yaml`)).code).toBe(0);
    const late = await run(dir, 'freeze', OLD);
    expect(late.code).toBe(ExitCode.USAGE);
    expect(late.stderr).toMatch(/out\/2021-05-hfa\/ was built only after the session \(\d{4}-\d\d-\d\d \d\d:\d\d\), so it does not show what was presented/);
    expect(existsSync(join(dir, '_sessions'))).toBe(false);

    // Asked for explicitly, today's data is recorded, with a warning that says what changed.
    const forced = await run(dir, 'freeze', OLD, '--from-current-data');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain("froze 2021-05-hfa (public) → _sessions/2021-05-hfa.json: recorded today's data (--from-current-data)");
    expect(forced.stderr).toMatch(/warning: 2021-05-hfa: recorded today's data although _data\/activities\.yaml \(.*\) changed after the session/);
    const snap = JSON.parse(read(join(dir, '_sessions', `${OLD}.json`))) as Snapshot;
    expect(snap.activities.find((a) => a.id === 'e-akte')!.budget!.actual).toBe(120000);
  });

  it('--out: finds the build where it was built; the non-public view needs a non-public build', async () => {
    const dir = project();
    const out = join(dir, '..', 'web');
    clock('2021-05-19T16:00:00Z');
    expect((await run(dir, 'build', `${OLD}.yaml`, '--out', out)).code).toBe(0);
    clock('2021-06-02T09:00:00Z');
    moveOn(dir);
    // Not in the project's out/: nothing to go by.
    expect((await run(dir, 'freeze', OLD)).code).toBe(ExitCode.USAGE);
    // The public build is there, the non-public one is not: all or nothing.
    const np = await run(dir, 'freeze', OLD, '--out', out, '--nonpublic');
    expect(np.code).toBe(ExitCode.USAGE);
    // (A folder outside the working folder is named by its full path.)
    expect(np.stderr).toContain(`cannot tell what was presented (non-public): ${out}/ holds no non-public build of it (ratsdeck build --nonpublic)`);
    expect(existsSync(join(dir, '_sessions'))).toBe(false);

    clock('2021-05-19T16:05:00Z');
    // (A build "back then" with the data of then: the data as it was, restored for the moment.)
    const data = join(dir, '_data', 'activities.yaml');
    const moved = read(data);
    writeFileSync(data, read(join(FIXTURE, '_data', 'activities.yaml')));
    expect((await run(dir, 'build', `${OLD}.yaml`, '--out', out, '--nonpublic')).code).toBe(0);
    writeFileSync(data, moved);
    clock('2021-06-02T09:00:00Z');
    const both = await run(dir, 'freeze', OLD, '--out', out, '--nonpublic');
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toContain(`froze 2021-05-hfa (public) → _sessions/2021-05-hfa.json: recorded what was built on 2021-05-19 18:00 (${out}/2021-05-hfa/)`);
    expect(both.stderr).toContain(
      `froze 2021-05-hfa (non-public) → _sessions/2021-05-hfa-nichtoeffentlich.json: recorded what was built on 2021-05-19 18:05 (${out}/2021-05-hfa-nichtoeffentlich/)`,
    );
    const pub = read(join(dir, '_sessions', `${OLD}.json`));
    const nonpub = JSON.parse(read(join(dir, '_sessions', `${OLD}-nichtoeffentlich.json`))) as Snapshot;
    expect(pub).not.toMatch(/Vergabe|Zuschlag|Vertrauliche|Ohne Einwilligung|Verzug/);
    expect(nonpub.activities.map((a) => a.id)).toEqual(['online-dienste', 'e-akte', 'vergabe-plattform']);
    expect(nonpub.itBeirat!.members!.map((m) => m.name)).toEqual(['Prof. Dr. Beispiel', 'Dr. Ohne Einwilligung']);
    expect(JSON.stringify(nonpub)).not.toContain('Verzug');
  });

  it("today's public: false reaches the recorded builds too: the public record and the snapshot lose it", async () => {
    const dir = project();
    clock('2021-05-18T10:00:00Z');
    expect((await run(dir, 'build', `${OLD}.yaml`)).code).toBe(0);
    expect(read(join(dir, 'out', '.ratsdeck-output.json'))).toContain('E-Akte');
    // After the session, E-Akte is withdrawn from public view; the next build applies it.
    clock('2021-06-02T09:00:00Z');
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(data, read(data).replace('- id: e-akte\n', '- id: e-akte\n  public: false\n'));
    expect((await run(dir, 'build', `${OLD}.yaml`)).code).toBe(0);
    expect(read(join(dir, 'out', '.ratsdeck-output.json'))).not.toContain('E-Akte');
    const r = await run(dir, 'freeze', OLD);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('recorded what was built on 2021-05-18 12:00');
    const snap = JSON.parse(read(join(dir, '_sessions', `${OLD}.json`))) as Snapshot;
    expect(snap.activities.map((a) => a.id)).toEqual(['online-dienste']);
  });

  it('an output from an earlier ratsdeck (no record of its data) is named as such; a deck without a date says it cannot tell', async () => {
    const dir = project();
    expect((await run(dir, 'build', `${OLD}.yaml`)).code).toBe(0);
    const recordFile = join(dir, 'out', '.ratsdeck-output.json');
    const record = JSON.parse(read(recordFile)) as { entries: Record<string, { builds?: unknown }> };
    delete record.entries[OLD]!.builds;
    writeFileSync(recordFile, JSON.stringify(record));
    moveOn(dir);
    const r = await run(dir, 'freeze', OLD);
    expect(r.code).toBe(ExitCode.USAGE);
    expect(r.stderr).toContain('out/2021-05-hfa/ was built by an earlier ratsdeck, which did not record what it was built from');

    writeFileSync(join(dir, 'ohne-datum.yaml'), 'title: Ohne Datum\nslides:\n  - type: activities\n');
    const undated = await run(dir, 'freeze', 'ohne-datum');
    expect(undated.code, undated.stderr).toBe(0);
    expect(undated.stderr).toContain("froze ohne-datum (public) → _sessions/ohne-datum.json: recorded today's data");
    expect(undated.stderr).toContain('warning: ohne-datum: out/ holds no public build of it, and the deck has no session date to tell whether the data changed since');
  });

  it('--force after a build: the built data, and the result written into the deck since', async () => {
    const dir = project();
    clock('2021-05-18T10:00:00Z');
    expect((await run(dir, 'build', `${OLD}.yaml`)).code).toBe(0);
    clock('2021-06-02T09:00:00Z');
    moveOn(dir);
    expect((await run(dir, 'freeze', OLD)).code).toBe(0);
    writeFileSync(join(dir, `${OLD}.yaml`), read(join(dir, `${OLD}.yaml`)).replace('result: zur Kenntnis genommen', 'result: vertagt'));
    const r = await run(dir, 'freeze', OLD, '--force');
    expect(r.code, r.stderr).toBe(0);
    const snap = JSON.parse(read(join(dir, '_sessions', `${OLD}.json`))) as Snapshot;
    expect(snap.session!.result).toBe('vertagt');
    expect(snap.activities.find((a) => a.id === 'e-akte')!.budget!.actual).toBe(50000);
  });
});
