/**
 * Session snapshots (`ratsdeck freeze`) and the changes between two of them. A snapshot is
 * what was presented: the deck's data after audience selection. Pure: no file system.
 */
import { z } from './zod.js';
// The entities, not schema.ts: schema.ts builds the slides from src/slides/, and the changes
// slide uses this module.
import { Activity, ItBeirat, Network, Session, type Activity as ActivityT, type Recommendation } from './entities.js';
import type { ValidDeck } from './schema.js';

export const SNAPSHOT_FORMAT = 1;

/** The data a snapshot records; the rest of a frozen deck comes from its deck file. */
export const SNAPSHOT_DATA_KEYS = ['activities', 'networks', 'itBeirat'] as const;

export const Snapshot = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  generator: z.string(),
  deck: z.string(),
  audience: z.enum(['public', 'nonpublic']),
  title: z.string(),
  date: z.string().optional(),
  session: Session.optional(),
  paper: z.strictObject({ reference: z.string(), subject: z.string().optional() }).optional(),
  activities: z.array(Activity),
  networks: z.array(Network),
  itBeirat: ItBeirat.optional(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** The snapshot of an (audience-selected) deck. */
export function snapshotOf(deck: ValidDeck, id: string, audience: 'public' | 'nonpublic', generator: string): Snapshot {
  const snap: Snapshot = {
    format: SNAPSHOT_FORMAT,
    generator,
    deck: id,
    audience,
    title: deck.title,
    activities: deck.activities ?? [],
    networks: deck.networks ?? [],
  };
  const date = deck.session?.date ?? deck.date;
  if (date) snap.date = date;
  if (deck.session) snap.session = deck.session;
  if (deck.paper) snap.paper = { reference: deck.paper.reference, ...(deck.paper.subject ? { subject: deck.paper.subject } : {}) };
  if (deck.itBeirat) snap.itBeirat = deck.itBeirat;
  return snap;
}

// ---------------------------------------------------------------------------------------------
// Changes

export interface Named {
  id: string;
  title: string;
}

export interface Changes {
  since: { deck: string; title: string; date?: string; committee?: string };
  added: Named[];
  removed: Named[];
  status: (Named & { from?: ActivityT['status']; to?: ActivityT['status'] })[];
  phase: (Named & { from?: string; to?: string })[];
  progress: (Named & { from?: number; to?: number })[];
  milestonesReached: (Named & { milestone: string; due: string })[];
  milestonesMoved: (Named & { milestone: string; from: string; to: string })[];
  milestonesAdded: (Named & { milestone: string; due: string })[];
  budget: (Named & { planFrom?: number; planTo?: number; actualFrom?: number; actualTo?: number })[];
  recommendationsAdded: { id: string; title: string; status: Recommendation['status'] }[];
  recommendationsStatus: { id: string; title: string; from: Recommendation['status']; to: Recommendation['status'] }[];
}

export function countChanges(c: Changes): number {
  return (
    c.added.length +
    c.removed.length +
    c.status.length +
    c.phase.length +
    c.progress.length +
    c.milestonesReached.length +
    c.milestonesMoved.length +
    c.milestonesAdded.length +
    c.budget.length +
    c.recommendationsAdded.length +
    c.recommendationsStatus.length
  );
}

/** What changed between the previous session's snapshot and the current deck's data. */
export function diffSnapshots(prev: Snapshot, cur: Snapshot): Changes {
  const before = new Map(prev.activities.map((a) => [a.id, a]));
  const after = new Map(cur.activities.map((a) => [a.id, a]));
  const c: Changes = {
    since: { deck: prev.deck, title: prev.title, ...(prev.date ? { date: prev.date } : {}), ...(prev.session?.committee ? { committee: prev.session.committee } : {}) },
    added: [],
    removed: [],
    status: [],
    phase: [],
    progress: [],
    milestonesReached: [],
    milestonesMoved: [],
    milestonesAdded: [],
    budget: [],
    recommendationsAdded: [],
    recommendationsStatus: [],
  };
  for (const a of cur.activities) {
    const p = before.get(a.id);
    const named = { id: a.id, title: a.title };
    if (!p) {
      c.added.push(named);
      continue;
    }
    if (p.status?.light !== a.status?.light || (p.status?.label ?? '') !== (a.status?.label ?? '')) {
      c.status.push({ ...named, ...(p.status ? { from: p.status } : {}), ...(a.status ? { to: a.status } : {}) });
    }
    if (p.phase !== a.phase) c.phase.push({ ...named, ...(p.phase ? { from: p.phase } : {}), ...(a.phase ? { to: a.phase } : {}) });
    if (p.progress !== a.progress) {
      c.progress.push({ ...named, ...(p.progress !== undefined ? { from: p.progress } : {}), ...(a.progress !== undefined ? { to: a.progress } : {}) });
    }
    const pm = new Map((p.milestones ?? []).map((m) => [m.title, m]));
    for (const m of a.milestones ?? []) {
      const old = pm.get(m.title);
      if (!old) c.milestonesAdded.push({ ...named, milestone: m.title, due: m.due });
      else {
        if (m.done && !old.done) c.milestonesReached.push({ ...named, milestone: m.title, due: m.due });
        if (m.due !== old.due) c.milestonesMoved.push({ ...named, milestone: m.title, from: old.due, to: m.due });
      }
    }
    const pb = p.budget;
    const ab = a.budget;
    if (pb?.plan !== ab?.plan || pb?.actual !== ab?.actual) {
      c.budget.push({
        ...named,
        ...(pb?.plan !== undefined ? { planFrom: pb.plan } : {}),
        ...(ab?.plan !== undefined ? { planTo: ab.plan } : {}),
        ...(pb?.actual !== undefined ? { actualFrom: pb.actual } : {}),
        ...(ab?.actual !== undefined ? { actualTo: ab.actual } : {}),
      });
    }
  }
  for (const p of prev.activities) if (!after.has(p.id)) c.removed.push({ id: p.id, title: p.title });

  const prevRecs = new Map((prev.itBeirat?.recommendations ?? []).map((r) => [r.id, r]));
  for (const r of cur.itBeirat?.recommendations ?? []) {
    const old = prevRecs.get(r.id);
    if (!old) c.recommendationsAdded.push({ id: r.id, title: r.title, status: r.status });
    else if (old.status !== r.status) c.recommendationsStatus.push({ id: r.id, title: r.title, from: old.status, to: r.status });
  }
  return c;
}
