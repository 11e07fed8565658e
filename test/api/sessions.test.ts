/**
 * The session use cases through the package API, without the CLI: newDeck and freezeDeck
 * (issue 10). A flow-style deck (`slides: [{type: title}, {type: agenda}]`, `session: {…}`)
 * is edited through the Document API: the regexes over the text that `new` used missed it.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as api from '../../src/index.js';
import { ExitCode, freezeDeck, newDeck, RatsdeckError, validate, type Reporter } from '../../src/index.js';

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

describe('the package entry', () => {
  it('offers the use cases and not the CLI', () => {
    expect(Object.keys(api)).toEqual(expect.arrayContaining(['newDeck', 'freezeDeck', 'buildProject', 'checkDecks', 'validate', 'build', 'pdf']));
    expect(Object.keys(api)).not.toContain('main');
  });
});
