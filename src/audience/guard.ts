/**
 * The fail-closed check after selection: the public deck model — everything the render stage
 * will see (the deck, custom _data for templates, the changes) — is walked once more, without
 * trusting the selection that produced it. Anything marked `public: false`, anything today's
 * data marks so, or a name without consent today stops the build before a file is written.
 * Violations name paths and kinds, never the text (messages end up in logs). Pure.
 */
import type { PathSeg } from '../model/raw.js';
import { formatPath, isNotText } from './paths.js';
import type { ValidDeck } from '../model/schema.js';
import type { Changes } from '../model/snapshot.js';
import type { Today } from './today.js';

export interface PublicModel {
  deck: ValidDeck;
  extraData: Record<string, unknown>;
  changes?: Record<string, Changes> | undefined;
}

export interface Violation {
  /** Where in the model, e.g. `deck.activities[2].milestones[0]` or `changes.vorher.removed[0]`. */
  path: string;
  why: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What in the model may not reach a public output. */
export function publicViolations(model: PublicModel, today: Today): Violation[] {
  const out: Violation[] = [];
  const add = (path: PathSeg[], why: string) => out.push({ path: formatPath(path), why });

  // 1. Anything still marked non-public, and any protected name in any text, anywhere.
  const walk = (v: unknown, path: PathSeg[]): void => {
    if (typeof v === 'string') {
      if (!isNotText(path) && today.names.find(v).some((h) => h.kind === 'full')) add(path, 'a text names an IT-Beirat member without consent');
      return;
    }
    if (Array.isArray(v)) return v.forEach((x, i) => walk(x, [...path, i]));
    if (!isObject(v)) return;
    if (v.public === false) add(path, 'marked public: false');
    for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(model.deck, ['deck']);
  walk(model.extraData, ['data']);
  walk(model.changes ?? {}, ['changes']);

  // 2. Items that today's data marks non-public (a snapshot's copy does not say so itself).
  const d = model.deck;
  (d.activities ?? []).forEach((a, i) => {
    const at: PathSeg[] = ['deck', 'activities', i];
    if (today.hides('activity', a.id)) add(at, 'an activity that is non-public today');
    today.hiddenMilestones(a.id, a.milestones ?? []).forEach((h, j) => h && add([...at, 'milestones', j], 'a milestone that is non-public today'));
    today.hiddenKpis(a.id, a.kpis ?? []).forEach((h, j) => h && add([...at, 'kpis', j], 'a KPI that is non-public today'));
  });
  (d.networks ?? []).forEach((n, i) => today.hides('network', n.id) && add(['deck', 'networks', i], 'a network that is non-public today'));
  const b = d.itBeirat ?? {};
  (b.recommendations ?? []).forEach((r, i) => {
    const at: PathSeg[] = ['deck', 'itBeirat', 'recommendations', i];
    if (today.hides('recommendation', r.id)) add(at, 'a recommendation that is non-public today');
    (r.activities ?? []).forEach((id, j) => today.hides('activity', id) && add([...at, 'activities', j], 'the id of an activity that is non-public today'));
  });
  (b.members ?? []).forEach((m, i) => {
    if (m.name !== undefined && !today.names.mayShow(m.name)) add(['deck', 'itBeirat', 'members', i, 'name'], 'the name of a member without consent today');
  });
  today.hiddenMembers(b.members ?? []).forEach((h, i) => h && add(['deck', 'itBeirat', 'members', i], 'a member who is non-public today'));
  today.hiddenMeetings(b.meetings ?? []).forEach((h, i) => h && add(['deck', 'itBeirat', 'meetings', i], 'a meeting that is non-public today'));

  // 3. The changes name activities, milestones and recommendations: each must be public today.
  for (const [since, c] of Object.entries(model.changes ?? {})) {
    const at = (list: string, i: number): PathSeg[] => ['changes', since, list, i];
    for (const list of ['added', 'removed', 'status', 'phase', 'progress', 'budget', 'milestonesReached', 'milestonesMoved', 'milestonesAdded'] as const) {
      c[list].forEach((x, i) => today.hides('activity', x.id) && add(at(list, i), 'an activity that is non-public today'));
    }
    for (const list of ['milestonesReached', 'milestonesMoved', 'milestonesAdded'] as const) {
      c[list].forEach((x, i) => {
        const due = 'due' in x ? x.due : x.to;
        if (today.hiddenMilestones(x.id, [{ title: x.milestone, due }])[0]) add(at(list, i), 'a milestone that is non-public today');
      });
    }
    for (const list of ['recommendationsAdded', 'recommendationsStatus'] as const) {
      c[list].forEach((x, i) => today.hides('recommendation', x.id) && add(at(list, i), 'a recommendation that is non-public today'));
    }
  }
  return out;
}
