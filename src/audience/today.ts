/**
 * Today's flags over a snapshot. A frozen deck keeps what was presented, minus what may no
 * longer be shown: an item marked `public: false` in today's data, and a name whose member has
 * no consent today (DSGVO Art. 7(3)), leave every public output built from a snapshot, the
 * changes slide included. Pure.
 *
 * Items are found in today's data by id; those without one as an exact copy first, then by
 * their other fields, in order: milestones by title and due date, then title, then due date;
 * KPIs by name; meetings by date and topics, then date, then topics; members by id, then name
 * and affiliation, then name, then affiliation. Each of today's sources (the deck's cascade,
 * the project's _data/) is searched on its own. Where more than one item matches, any of them
 * being non-public removes the item (fail closed). An item that is gone from today's data stays
 * as presented.
 */
import type { Activity, ItBeirat, Kpi, Meeting, Member, Milestone, Network, Recommendation } from '../model/schema.js';
import { nameForms, nameText } from '../model/names.js';
import type { NameRules } from './names.js';
import type { SelectionReport } from './select.js';

type Key<T> = (x: T) => string | undefined;

/**
 * For each snapshot item, the today items it stands for. Keys are tried in order; an item
 * matched by an earlier key is not offered to a later one.
 */
export function pairItems<T>(snap: readonly T[], today: readonly T[], keys: Key<T>[]): T[][] {
  const result: T[][] = snap.map(() => []);
  const taken = new Set<T>();
  const open = new Set(snap.map((_, i) => i));
  for (const key of keys) {
    const byKey = new Map<string, T[]>();
    for (const t of today) {
      if (taken.has(t)) continue;
      const k = key(t);
      if (k === undefined) continue;
      byKey.set(k, [...(byKey.get(k) ?? []), t]);
    }
    const now: T[] = [];
    for (const i of [...open]) {
      const k = key(snap[i]!);
      const hits = k === undefined ? undefined : byKey.get(k);
      if (!hits) continue;
      result[i] = hits;
      open.delete(i);
      now.push(...hits);
    }
    for (const t of now) taken.add(t);
  }
  return result;
}

// Keys read today's data defensively: the project's _data may not have been validated for this deck.
const txt = (s: unknown) => (typeof s === 'string' ? nameText(s) : undefined);
const str = (s: unknown) => (typeof s === 'string' ? s : undefined);
const topics = (t: unknown) => (Array.isArray(t) && t.length ? t.map((x) => txt(x) ?? '').join('\u0000') : undefined);
const both = (a: string | undefined, b: string | undefined) => (a === undefined || b === undefined ? undefined : `${a}\u0000${b}`);
const personKey = (n: unknown) => (typeof n === 'string' ? nameForms(n).key : undefined);

const CANONICAL = new WeakMap<object, string>();

/** The same content, whatever the key order: a copy of an item is that item. */
function canonical(v: unknown): string {
  if (v && typeof v === 'object') {
    let c = CANONICAL.get(v);
    if (c === undefined) CANONICAL.set(v, (c = canonicalOf(v)));
    return c;
  }
  return canonicalOf(v);
}

function canonicalOf(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

export const MILESTONE_KEYS: Key<Milestone>[] = [canonical, (m) => both(txt(m.title), str(m.due)), (m) => txt(m.title), (m) => str(m.due)];
export const KPI_KEYS: Key<Kpi>[] = [canonical, (k) => txt(k.name)];
export const MEETING_KEYS: Key<Meeting>[] = [canonical, (m) => both(str(m.date), topics(m.topics) ?? ''), (m) => str(m.date), (m) => topics(m.topics)];
export const MEMBER_KEYS: Key<Member>[] = [
  canonical,
  (m) => str(m.id),
  (m) => both(personKey(m.name), txt(m.affiliation)),
  (m) => personKey(m.name),
  (m) => txt(m.affiliation),
];

const hidden = (x: { public?: boolean | undefined }) => x.public === false;

function objects<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v.filter((x) => x !== null && typeof x === 'object' && !Array.isArray(x)) as T[]) : [];
}

/** Today's lists from a deck or from the project's data (read defensively: it may not be validated). */
export function todayLists(value: unknown): { activities: Activity[]; networks: Network[]; members: Member[]; meetings: Meeting[]; recommendations: Recommendation[] } {
  const v = (value ?? {}) as Record<string, unknown>;
  const b = (v.itBeirat ?? {}) as Record<string, unknown>;
  return {
    activities: objects<Activity>(v.activities).map((a) => ({ ...a, milestones: objects<Milestone>(a.milestones), kpis: objects<Kpi>(a.kpis) })),
    networks: objects<Network>(v.networks),
    members: objects<Member>(b.members).filter((m) => m.name === undefined || typeof m.name === 'string'),
    meetings: objects<Meeting>(b.meetings),
    recommendations: objects<Recommendation>(b.recommendations),
  };
}

type Lists = ReturnType<typeof todayLists> & { byId: Map<unknown, Activity[]> };

function withIndex(l: ReturnType<typeof todayLists>): Lists {
  const byId = new Map<unknown, Activity[]>();
  for (const a of l.activities) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
  return { ...l, byId };
}

/**
 * Today's data, unfiltered, looked up the way snapshot items are matched. It may come from more
 * than one source (the deck's cascade and the project's _data/): each is matched on its own, and
 * any of them marking an item non-public hides it.
 */
export class Today {
  readonly #sources: Lists[];
  readonly names: NameRules;

  constructor(sources: readonly unknown[], names: NameRules) {
    this.#sources = sources.map((x) => withIndex(todayLists(x)));
    this.names = names;
  }

  /** Whether today's data marks the activity, network or recommendation with this id non-public. */
  hides(kind: 'activity' | 'network' | 'recommendation', id: string): boolean {
    if (kind === 'activity') return this.#sources.some((l) => (l.byId.get(id) ?? []).some(hidden));
    const list = (l: Lists) => (kind === 'network' ? l.networks : l.recommendations);
    return this.#sources.some((l) => (list(l) as { id?: unknown; public?: boolean }[]).some((x) => x.id === id && hidden(x)));
  }

  /** For each item of `list`: whether any source's counterpart (see pairItems) is non-public. */
  #hidden<T extends { public?: boolean | undefined }>(list: readonly T[], todayOf: (l: Lists) => T[], keys: Key<T>[]): boolean[] {
    const out = list.map(() => false);
    for (const l of this.#sources) pairItems(list, todayOf(l), keys).forEach((m, i) => (out[i] ||= m.some(hidden)));
    return out;
  }

  /** For each milestone of an activity: whether today's data hides it. */
  hiddenMilestones(activityId: string, list: readonly Milestone[]): boolean[] {
    if (!list.length) return [];
    return this.#hidden(list, (l) => (l.byId.get(activityId) ?? []).flatMap((a) => a.milestones ?? []), MILESTONE_KEYS);
  }

  hiddenKpis(activityId: string, list: readonly Kpi[]): boolean[] {
    if (!list.length) return [];
    return this.#hidden(list, (l) => (l.byId.get(activityId) ?? []).flatMap((a) => a.kpis ?? []), KPI_KEYS);
  }

  hiddenMeetings(list: readonly Meeting[]): boolean[] {
    return this.#hidden(list, (l) => l.meetings, MEETING_KEYS);
  }

  hiddenMembers(list: readonly Member[]): boolean[] {
    return this.#hidden(list, (l) => l.members, MEMBER_KEYS);
  }
}

/** The part of a deck a snapshot holds (and that today's flags are applied to). */
export interface SnapshotData {
  activities?: Activity[];
  networks?: Network[];
  itBeirat?: ItBeirat;
}

function keep<T>(list: readonly T[], hide: boolean[], onDrop: (x: T) => void): T[] {
  return list.filter((x, i) => {
    if (!hide[i]) return true;
    onDrop(x);
    return false;
  });
}

/**
 * Data (a snapshot's, or the deck's own when it may differ from the project's _data/) as a
 * public build may use it today. `dropped` receives every object left out (the name search then
 * skips their texts), `report` their kind and id; `why` is added to each kind.
 */
export function applyToday(data: SnapshotData, today: Today, report: SelectionReport, dropped: Set<object> = new Set(), why = ' (non-public today)'): SnapshotData {
  const drop = (kind: string, id?: string) => (x: object) => {
    dropped.add(x);
    report.removed.push(id === undefined ? { kind: `${kind}${why}` } : { kind: `${kind}${why}`, id });
  };
  const out: SnapshotData = {};
  if (data.activities) {
    out.activities = keep(data.activities, data.activities.map((a) => today.hides('activity', a.id)), (a) => drop('activity', a.id)(a)).map((a) => {
      const o: Activity = { ...a };
      if (a.milestones) o.milestones = keep(a.milestones, today.hiddenMilestones(a.id, a.milestones), drop(`milestone of ${a.id}`));
      if (a.kpis) o.kpis = keep(a.kpis, today.hiddenKpis(a.id, a.kpis), drop(`KPI of ${a.id}`));
      return o;
    });
  }
  if (data.networks) out.networks = keep(data.networks, data.networks.map((n) => today.hides('network', n.id)), (n) => drop('network', n.id)(n));
  if (data.itBeirat) {
    const b = data.itBeirat;
    const itBeirat: ItBeirat = { ...b };
    if (b.members) {
      itBeirat.members = keep(b.members, today.hiddenMembers(b.members), (m) => drop('IT-Beirat member', m.id)(m)).map((m) => {
        if (m.name === undefined || today.names.mayShow(m.name)) return m;
        // Consent withdrawn, or the member is gone from today's data: the affiliation stays.
        const { name: _name, ...rest } = m;
        return rest;
      });
    }
    if (b.meetings) itBeirat.meetings = keep(b.meetings, today.hiddenMeetings(b.meetings), drop('IT-Beirat meeting'));
    if (b.recommendations) {
      itBeirat.recommendations = keep(b.recommendations, b.recommendations.map((r) => today.hides('recommendation', r.id)), (r) => drop('recommendation', r.id)(r));
    }
    out.itBeirat = itBeirat;
  }
  return out;
}
