/**
 * The fail-closed check after selection (issue 9): the public deck model is walked once more,
 * without trusting the selection. Each case injects what must never be there into a correctly
 * selected model and expects the check to name it; the clean model is the control. The last
 * block breaks the selection itself (a mock that passes everything through) and expects
 * buildDeck to stop with exit 3 before anything is written.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { publicViolations, type PublicModel } from '../../src/audience/guard.js';
import { selectForAudience } from '../../src/audience/index.js';
import { NameRules } from '../../src/audience/names.js';
import { Today } from '../../src/audience/today.js';
import { ExitCode, InvalidDataError } from '../../src/errors.js';
import type { ValidDeck } from '../../src/model/schema.js';
import { buildDeck } from '../../src/pipeline.js';

// A switch for the last block: the real selection, or one that lets everything through
// (select.ts and today.ts, the two places that remove anything).
const state = vi.hoisted(() => ({ broken: false }));
vi.mock('../../src/audience/select.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/audience/select.js')>();
  return {
    ...orig,
    selectAudience: (...args: Parameters<typeof orig.selectAudience>) => (state.broken ? { deck: args[0], report: { removed: [] } } : orig.selectAudience(...args)),
    selectData: (...args: Parameters<typeof orig.selectData>) => (state.broken ? args[0] : orig.selectData(...args)),
  };
});
vi.mock('../../src/audience/today.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/audience/today.js')>();
  return { ...orig, applyToday: (...args: Parameters<typeof orig.applyToday>) => (state.broken ? args[0] : orig.applyToday(...args)) };
});

function deck(): ValidDeck {
  return {
    title: 'Sachstand',
    predecessor: 'vorher',
    activities: [
      { id: 'offen', title: 'Öffentlich', category: 'administration', milestones: [{ title: 'Start', due: '2021-01-31' }, { title: 'Zuschlag', due: '2021-06-30', public: false }] },
      { id: 'geheim', title: 'Geheime Vergabe', category: 'project', public: false },
    ],
    networks: [{ id: 'netz', name: 'Netz' }],
    itBeirat: {
      members: [
        { name: 'Dr. Mit Einwilligung', affiliation: 'Uni', consent: true },
        { name: 'Erika Geheimnamer', affiliation: 'Firma', consent: false },
      ],
      recommendations: [{ id: 'r', date: '2021-03-18', title: 'Empfehlung', status: 'open', activities: ['offen', 'geheim'] }],
    },
    slides: [{ type: 'title', notes: 'Begrüßung' }, { type: 'changes' }],
  };
}

const today = () => new Today([deck()], new NameRules(deck().itBeirat!.members!));

/** A correctly selected public model (through the real selection). */
function selected(): PublicModel {
  const s = selectForAudience({
    id: 'jetzt',
    audience: 'public',
    deck: deck(),
    extraData: { vergaben: [{ titel: 'Öffentlich' }, { titel: 'Geheim', public: false }] },
    snapshot: (id) =>
      id === 'vorher'
        ? {
            file: '/p/_sessions/vorher.json',
            locate: () => ({ file: '/p/_sessions/vorher.json', line: 1, col: 1 }),
            snapshot: { format: 1, generator: 't', deck: 'vorher', audience: 'public', title: 'Vorher', activities: [{ id: 'offen', title: 'Öffentlich', category: 'administration' }], networks: [] },
          }
        : undefined,
    generator: 't',
  });
  return { deck: s.deck, extraData: s.extraData, changes: s.changes };
}

const paths = (m: PublicModel) => publicViolations(m, today()).map((v) => v.path);

describe('publicViolations', () => {
  it('finds nothing in a correctly selected model (control)', () => {
    const m = selected();
    expect(m.changes!.vorher!.milestonesAdded.map((x) => x.milestone)).toEqual(['Start']);
    expect(paths(m)).toEqual([]);
  });

  it('finds a node marked public: false anywhere: deck, custom data, changes', () => {
    const m = selected();
    m.deck.activities!.push(deck().activities![1]!);
    (m.extraData.vergaben as unknown[]).push({ titel: 'Geheim', details: { public: false } });
    expect(paths(m)).toEqual(['deck.activities[1]', 'data.vergaben[1].details', 'deck.activities[1]']);
  });

  it('finds what today\'s data marks non-public, though the copy does not say so (a snapshot\'s copy)', () => {
    const m = selected();
    m.deck.activities!.push({ id: 'geheim', title: 'Geheime Vergabe', category: 'project' });
    m.deck.activities![0]!.milestones!.push({ title: 'Zuschlag', due: '2021-06-30' });
    // The milestone has no id: found by its title and due date.
    expect(paths(m)).toEqual(['deck.activities[0].milestones[1]', 'deck.activities[1]']);
    m.deck.itBeirat!.recommendations![0]!.activities!.push('geheim');
    expect(paths(m)).toContain('deck.itBeirat.recommendations[0].activities[1]');
  });

  it('finds changes that name an activity or milestone that is not public today', () => {
    const m = selected();
    m.changes!.vorher!.removed.push({ id: 'geheim', title: 'Geheime Vergabe' });
    m.changes!.vorher!.milestonesReached.push({ id: 'offen', title: 'Öffentlich', milestone: 'Zuschlag', due: '2021-06-30' });
    expect(paths(m)).toEqual(['changes.vorher.removed[0]', 'changes.vorher.milestonesReached[0]']);
  });

  it('finds a name without consent: on a member, or typed into any text', () => {
    const m = selected();
    m.deck.itBeirat!.members![1] = { name: 'Erika Geheimnamer', affiliation: 'Firma' };
    m.deck.slides[0] = { type: 'title', notes: 'Dank an Erika Geheimnamer' };
    m.extraData.dank = 'an erika GEHEIMNAMER';
    expect(paths(m)).toEqual(['deck.itBeirat.members[1].name', 'deck.slides[0].notes', 'data.dank', 'deck.itBeirat.members[1].name']);
    // It names paths, never the text: messages end up in logs.
    expect(JSON.stringify(publicViolations(m, today()))).not.toMatch(/geheimnamer/i);
  });
});

describe('buildDeck with a broken selection', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-guard-'));
  const project = join(tmp, 'projekt');
  cpSync(join(import.meta.dirname, '..', 'fixtures', 'leak'), project, { recursive: true });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('builds with the real selection (control)', async () => {
    state.broken = false;
    const r = await buildDeck(join(project, 'vorher.yaml'), { outDir: join(tmp, 'ok') });
    expect(r.manifest).toBeDefined();
    expect(existsSync(join(tmp, 'ok', 'vorher', 'index.html'))).toBe(true);
  });

  it('stops with exit 3 before writing when the selection lets non-public data through', async () => {
    state.broken = true;
    try {
      const out = join(tmp, 'broken');
      const err = await buildDeck(join(project, 'vorher.yaml'), { outDir: out }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidDataError);
      expect((err as InvalidDataError).exitCode).toBe(ExitCode.INVALID_DATA);
      expect((err as InvalidDataError).message).toBe('vorher: the public deck failed the check after selection; nothing written');
      expect((err as InvalidDataError).problems.map((p) => p.path)).toEqual(expect.arrayContaining(['deck.activities[2]', 'deck.itBeirat.recommendations[1]']));
      expect(new Set((err as InvalidDataError).problems.map((p) => p.code))).toEqual(new Set(['audience-check']));
      expect(existsSync(out)).toBe(false);
      // The non-public build does not go through the check (it shows everything by definition).
      await expect(buildDeck(join(project, 'vorher.yaml'), { outDir: out, audience: 'nonpublic' })).resolves.toBeDefined();
    } finally {
      state.broken = false;
    }
  });
});
