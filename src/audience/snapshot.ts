/**
 * What an audience may see of a recorded snapshot. The same selection as for live data
 * (select.ts), so that a public diff sees public data on both sides, and for a public build
 * today's flags and consent first (today.ts). Pure.
 */
import type { Snapshot } from '../model/snapshot.js';
import { selectAudience, type Audience, type SelectionReport } from './select.js';
import { applyToday, type SnapshotData, type Today } from './today.js';

/** The lists of a snapshot, as deck data. */
export function snapshotData(s: Snapshot): SnapshotData & { activities: Snapshot['activities']; networks: Snapshot['networks'] } {
  return { activities: s.activities, networks: s.networks, ...(s.itBeirat ? { itBeirat: s.itBeirat } : {}) };
}

/**
 * The snapshot as `audience` may see it. For a public audience with `today`: minus what
 * today's data marks non-public, and without names that have no consent today.
 */
export function selectSnapshot(
  s: Snapshot,
  audience: Audience,
  today?: Today,
  report: SelectionReport = { removed: [] },
  dropped?: Set<object>,
): Snapshot {
  if (audience === 'nonpublic') return s;
  const data = today ? applyToday(snapshotData(s), today, report, dropped) : snapshotData(s);
  const { deck, report: own } = selectAudience({ title: s.title, slides: [], ...data }, 'public', today?.names);
  report.removed.push(...own.removed);
  const out: Snapshot = { ...s, audience: 'public', activities: deck.activities ?? [], networks: deck.networks ?? [] };
  if (deck.itBeirat) out.itBeirat = deck.itBeirat;
  else delete out.itBeirat;
  return out;
}

/**
 * Reduces a snapshot to what a public audience may see by its own flags (no today's data).
 * A public snapshot is returned as it is.
 */
export function publicSnapshot(s: Snapshot): Snapshot {
  return s.audience === 'public' ? s : selectSnapshot(s, 'public');
}
