/**
 * The session use cases through the package API, without the CLI: newDeck and freezeDeck
 * (issue 10). A flow-style deck (`slides: [{type: title}, {type: agenda}]`, `session: {…}`)
 * is edited through the Document API: the regexes over the text that `new` used missed it.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import * as api from '../../src/index.js';
import { buildProject, ExitCode, freezeDeck, newDeck, RatsdeckError, validate, type Reporter } from '../../src/index.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-api-sessions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A copy of the fixture whose data files were last saved before the May session. */
function project(): string {
  const dir = join(tmp, `p${++n}`);
  cpSync(FIXTURE, dir, { recursive: true });
  const before = new Date('2021-05-01T08:00:00Z');
  for (const f of readdirSync(join(dir, '_data'))) utimesSync(join(dir, '_data', f), before, before);
  return dir;
}

/** A reporter that keeps the lines, as a script would. */
function lines(): Reporter & { all: string[] } {
  const all: string[] = [];
  return { all, info: (s) => all.push(`info: ${s}`), warn: (s) => all.push(`warn: ${s}`), error: (m) => all.push(`error: ${m}`), problem: (p) => all.push(`problem: ${p.message}`) };
}

const FLOW = `# Eine Vorlage in Flow-Schreibweise.
title: Kurzbericht
session: {committee: hfa, date: 2021-05-20, agendaItem: Ö 5, result: zur Kenntnis genommen, votes: {yes: 12, no: 0}}
slides: [{type: title}, {type: agenda}]  # zwei Folien
`;

describe('newDeck', () => {
  it('edits a flow-style deck: session values set and removed, the changes slide after the agenda, the rest kept', () => {
    const dir = project();
    writeFileSync(join(dir, 'flow.yaml'), FLOW);
    const report = lines();
    const r = newDeck({ target: 'next', from: 'flow', date: '2021-09-23', time: '18:30', top: 'Ö 3', cwd: dir, reporter: report });
    expect(r).toEqual({ file: join(dir, 'next.yaml'), from: join(dir, 'flow.yaml'), predecessor: 'flow', predecessorFrozen: false });
    const text = readFileSync(r.file, 'utf8');
    const deck = parse(text) as { predecessor: string; session: Record<string, unknown>; slides: { type: string }[] };
    expect(deck.session).toEqual({ committee: 'hfa', date: '2021-09-23', agendaItem: 'Ö 3', time: '18:30' });
    expect(deck.predecessor).toBe('flow');
    expect(deck.slides.map((s) => s.type)).toEqual(['title', 'agenda', 'changes']);
    // Still flow style, and the comments are where they were.
    expect(text).toMatch(/^session: \{.*\}$/m);
    expect(text).toMatch(/^slides: \[.*\]  # zwei Folien$/m);
    expect(text.startsWith('# Eine Vorlage in Flow-Schreibweise.\ntitle: Kurzbericht\n')).toBe(true);
    // Progress through the reporter, not printed.
    expect(report.all).toEqual([
      'info: wrote next.yaml (from flow.yaml; predecessor: flow)',
      'info: freeze flow after its session and before you change _data/ for the next one: ratsdeck freeze flow.yaml (the changes slide compares with what it records)',
    ]);
  });

  it('adds no second changes slide to a flow list that has one', () => {
    const dir = project();
    writeFileSync(join(dir, 'flow.yaml'), FLOW.replace('{type: agenda}]', '{type: agenda}, {type: changes}]'));
    const r = newDeck({ target: 'next.yaml', from: 'flow.yaml', date: '2021-09-23', top: 'Ö 3', cwd: dir });
    expect((parse(readFileSync(r.file, 'utf8')) as { slides: { type: string }[] }).slides.map((s) => s.type)).toEqual(['title', 'agenda', 'changes']);
  });

  it('throws RatsdeckError with exit 2 for a file that exists, and writes nothing', () => {
    const dir = project();
    const before = readdirSync(dir).sort();
    const err = (() => {
      try {
        newDeck({ target: '2021-05-hfa.yaml', from: '2021-05-hfa', cwd: dir });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(ExitCode.USAGE);
    expect(readdirSync(dir).sort()).toEqual(before);
  });

  it('refuses a deck that would be invalid (exit 3) without writing it', () => {
    const dir = project();
    writeFileSync(join(dir, 'flow.yaml'), FLOW.replace('{type: agenda}', '{type: nonsense}'));
    expect(() => newDeck({ target: 'next', from: 'flow', date: '2021-09-23', cwd: dir })).toThrow(/the new deck would be invalid; nothing written/);
    expect(existsSync(join(dir, 'next.yaml'))).toBe(false);
  });
});

describe('freezeDeck', () => {
  it('writes the public snapshot and returns where; the next deck then validates', () => {
    const dir = project();
    const r = freezeDeck({ deck: join(dir, '2021-05-hfa.yaml') });
    expect(r).toEqual({
      id: '2021-05-hfa',
      snapshots: [{ audience: 'public', file: join(dir, '_sessions', '2021-05-hfa.json'), source: { kind: 'current-data', asked: false } }],
    });
    newDeck({ target: 'next', from: '2021-05-hfa', date: '2021-09-23', top: 'Ö 3', cwd: dir });
    expect(validate([join(dir, 'next.yaml')]).valid).toBe(true);
  });

  it('refuses to replace a snapshot unless force (exit 2)', () => {
    const dir = project();
    freezeDeck({ deck: '2021-05-hfa', cwd: dir });
    expect(() => freezeDeck({ deck: '2021-05-hfa', cwd: dir })).toThrow(/already exists/);
    const report = lines();
    const r = freezeDeck({ deck: '2021-05-hfa', cwd: dir, force: true, reporter: report });
    expect(r.snapshots[0]!.source).toEqual({ kind: 'snapshot' });
    expect(report.all[0]).toMatch(/^info: froze 2021-05-hfa \(public\) → _sessions\/2021-05-hfa\.json: kept the data recorded in/);
  });
});

describe('newDeck: the Vorlage (issue 11)', () => {
  const PAPER = FLOW.replace('slides:', 'paper: {reference: ST/0027/2021, date: 2021-04-12, subject: Kurzbericht, decisionProposal: {text: Ja.}}\nslides:');

  it('paper: replaces the Vorlage of a flow-style deck in one edit and reports it', () => {
    const dir = project();
    writeFileSync(join(dir, 'flow.yaml'), PAPER);
    const report = lines();
    const r = newDeck({ target: 'next', from: 'flow', date: '2021-09-23', top: 'Ö 3', paper: { reference: 'BV/0112/2021', date: '2021-09-01' }, cwd: dir, reporter: report });
    const deck = parse(readFileSync(r.file, 'utf8')) as { paper: unknown };
    expect(deck.paper).toEqual({ reference: 'BV/0112/2021', date: '2021-09-01', subject: 'Kurzbericht' });
    expect(report.all).toContain('info: next.yaml: Vorlage BV/0112/2021; removed what belonged to the Vorlage of flow: paper.decisionProposal');
    expect(report.all).toContain('warn: next.yaml keeps from the Vorlage of flow: paper.subject; check them for BV/0112/2021');
  });

  it('without paper: keeps it and warns; paper: null removes it', () => {
    const dir = project();
    writeFileSync(join(dir, 'flow.yaml'), PAPER);
    const kept = lines();
    newDeck({ target: 'a', from: 'flow', date: '2021-09-23', top: 'Ö 3', cwd: dir, reporter: kept });
    expect(kept.all.filter((l) => l.startsWith('warn: no --paper given: a.yaml keeps the Vorlage of flow (paper.reference ST/0027/2021, paper.date 2021-04-12, paper.subject, paper.decisionProposal)'))).toHaveLength(1);
    const r = newDeck({ target: 'b', from: 'flow', date: '2021-09-23', top: 'Ö 3', paper: null, cwd: dir });
    expect((parse(readFileSync(r.file, 'utf8')) as { paper?: unknown }).paper).toBeUndefined();
  });
});

describe('freezeDeck: what was built for the session (issue 11)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });
  const clock = (iso: string) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(iso));
  };

  it('records the build made before the session, and says where it came from', async () => {
    const dir = project();
    clock('2021-05-18T10:00:00Z');
    await buildProject([join(dir, '2021-05-hfa.yaml')], { cwd: dir });
    clock('2021-06-02T09:00:00Z');
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('progress: 10', 'progress: 60'));
    const report = lines();
    const r = freezeDeck({ deck: '2021-05-hfa', cwd: dir, reporter: report });
    expect(r.snapshots).toEqual([
      {
        audience: 'public',
        file: join(dir, '_sessions', '2021-05-hfa.json'),
        source: { kind: 'build', output: join(dir, 'out', '2021-05-hfa'), builtAt: '2021-05-18T10:00:00.000Z', printed: false },
      },
    ]);
    expect(report.all[0]).toBe('info: froze 2021-05-hfa (public) → _sessions/2021-05-hfa.json: recorded what was built on 2021-05-18 12:00 (out/2021-05-hfa/)');
    const snap = JSON.parse(readFileSync(r.snapshots[0]!.file, 'utf8')) as { activities: { id: string; progress?: number }[] };
    expect(snap.activities.find((a) => a.id === 'e-akte')!.progress).toBe(10);
  });

  it('without one, and with data changed since: throws exit 2 and writes nothing; fromCurrentData records today', () => {
    const dir = project();
    const data = join(dir, '_data', 'activities.yaml');
    writeFileSync(data, readFileSync(data, 'utf8').replace('progress: 10', 'progress: 60'));
    let err: unknown;
    try {
      freezeDeck({ deck: '2021-05-hfa', cwd: dir });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(ExitCode.USAGE);
    expect((err as RatsdeckError).hint).toContain('--from-current-data');
    expect(existsSync(join(dir, '_sessions'))).toBe(false);
    const r = freezeDeck({ deck: '2021-05-hfa', cwd: dir, fromCurrentData: true });
    expect(r.snapshots[0]!.source).toEqual({ kind: 'current-data', asked: true });
  });
});

describe('the package entry', () => {
  it('offers the use cases and not the CLI', () => {
    expect(Object.keys(api)).toEqual(expect.arrayContaining(['newDeck', 'freezeDeck', 'buildProject', 'checkDecks', 'validate', 'build', 'pdf']));
    expect(Object.keys(api)).not.toContain('main');
  });
});
