/**
 * What a deck's output was built from (issue 11). Each build records in the output folder's
 * record the data it showed — the snapshot `ratsdeck freeze` stores — so that a freeze after
 * the session records what was built and handed out, not _data/ as it is by then. A build after
 * the session (the whole project is built again for the next deck) must not replace that, so a
 * deck keeps a short history: the newest build, the newest one up to its session day and the
 * newest one up to then that was printed. Pure: the record itself is root.ts's.
 */
import { createHash } from 'node:crypto';
import type { Snapshot } from '../model/snapshot.js';
import { berlinClock } from '../model/berlin.js';

export interface BuiltData {
  /** sha256 of the recorded data (activities, networks, IT-Beirat), see dataDigest. */
  digest: string;
  /** The first and the last build of this data in a row (ISO 8601, UTC). */
  first: string;
  last: string;
  /** When a PDF was first printed from it: it was handed out (ISO 8601, UTC). */
  printed?: string;
  /** What the build showed, as `ratsdeck freeze` would record it for this audience. */
  snapshot: Snapshot;
}

/** Sorted keys, so that the digest does not depend on the order keys were written in. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

/** The digest of the data a snapshot records (not its session, title or generator). */
export function dataDigest(s: Snapshot): string {
  const data = { activities: s.activities, networks: s.networks, itBeirat: s.itBeirat ?? null };
  return createHash('sha256').update(JSON.stringify(canonical(data))).digest('hex');
}

/** A moment as "YYYY-MM-DD HH:MM" in Europe/Berlin, the time council sessions are given in. */
export function berlinTime(at: Date | string | number): string {
  const { date, time } = berlinClock(at);
  return `${date} ${time}`;
}

/** Whether a moment lies on or before the day (YYYY-MM-DD, Europe/Berlin); any moment without a day. */
export function byDay(at: string, day: string | undefined): boolean {
  return day === undefined || berlinTime(at).slice(0, 10) <= day;
}

/**
 * The history after one more build for a session on `day`: the same data as the newest entry
 * extends it, other data is a new entry. Older entries go unless they are the newest up to the
 * session day, or the newest up to then that was printed.
 */
export function recordBuild(log: readonly BuiltData[], snapshot: Snapshot, at: Date, day: string | undefined): BuiltData[] {
  const digest = dataDigest(snapshot);
  const when = at.toISOString();
  const out = [...log];
  const last = out[out.length - 1];
  if (last && last.digest === digest) out[out.length - 1] = { ...last, last: when, snapshot };
  else out.push({ digest, first: when, last: when, snapshot });
  const keep = new Set<BuiltData>([out[out.length - 1]!]);
  const chosen = presentedBuild(out, day);
  if (chosen) keep.add(chosen.build);
  const latest = lastOf(out.filter((b) => byDay(b.first, day)));
  if (latest) keep.add(latest);
  return out.filter((b) => keep.has(b));
}

/** The newest entry has been printed (now, unless it was before). */
export function markPrinted(log: readonly BuiltData[], at: Date): BuiltData[] {
  const last = log[log.length - 1];
  if (!last || last.printed) return [...log];
  return [...log.slice(0, -1), { ...last, printed: at.toISOString() }];
}

export interface PresentedBuild {
  build: BuiltData;
  /** A PDF was printed from it on or before the session day. */
  printed: boolean;
  /** A later build up to the session day with other data that was not printed. */
  unprinted?: BuiltData;
}

/**
 * The build that stands for what the session saw: of those made on or before the session day,
 * the newest that was printed by then (the PDF is what was handed out), else the newest.
 */
export function presentedBuild(log: readonly BuiltData[], day: string | undefined): PresentedBuild | undefined {
  const before = log.filter((b) => byDay(b.first, day));
  const printed = lastOf(before.filter((b) => b.printed && byDay(b.printed, day)));
  const newest = lastOf(before);
  if (!newest) return undefined;
  if (!printed) return { build: newest, printed: false };
  return { build: printed, printed: true, ...(newest.digest !== printed.digest ? { unprinted: newest } : {}) };
}

function lastOf<T>(list: readonly T[]): T | undefined {
  return list[list.length - 1];
}
