/**
 * The one owner of what an audience may see (GemO RLP §§ 20, 35, 41; DSGVO; DOMAIN.md). Every
 * path to a public output goes through selectForAudience: today's data, the deck's frozen
 * snapshot, the snapshots the changes slides compare with, and the project's custom _data. The
 * render stage gets only what it returns; the archive and the manifests are made from that.
 *
 * For a public build, in order: today's `public: false` and consent over the snapshots
 * (today.ts), the selection (select.ts), the changes from selected data on both sides, the
 * search for names without consent in every text (scan.ts), and the fail-closed check of the
 * result (guard.ts). Problems throw InvalidDataError (exit 3) before anything is rendered.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { InvalidDataError, type Problem, type SourcePos } from '../errors.js';
import type { PathSeg } from '../model/raw.js';
import type { ValidDeck } from '../model/schema.js';
import { diffSnapshots, snapshotOf, type Changes, type Snapshot } from '../model/snapshot.js';
import { publicViolations } from './guard.js';
import { NameRules } from './names.js';
import { publicTexts, scanNames, type TextSource } from './scan.js';
import { selectAudience, selectData, type Audience, type SelectionReport } from './select.js';
import { publicSnapshot, selectSnapshot, snapshotData } from './snapshot.js';
import { applyToday, Today, todayLists } from './today.js';

const DATA_DIR = '_data/';

export { isNonpublicDeck, selectAudience, selectData, type Audience, type SelectionReport } from './select.js';
export { selectSnapshot } from './snapshot.js';

/** A snapshot as read from _sessions/, with a way to find its texts in the file. */
export interface SnapshotSource {
  snapshot: Snapshot;
  file: string;
  locate(text: string): SourcePos;
}

export interface AudienceInput {
  /** The deck id (its file name without .yaml). */
  id: string;
  audience: Audience;
  /** The validated deck with today's data, unfiltered: its flags and consent decide. */
  deck: ValidDeck;
  /** Where today's values were written (the RawDeck from loading), for the name search. */
  raw?: { file: string; root?: string | undefined; value: unknown; locate(path: readonly PathSeg[]): SourcePos } | undefined;
  /**
   * Today's project data without the deck file (ratsdeck.yaml, _data/): a `public: false` or a
   * withdrawn consent there counts even where the deck file still has its own copy.
   */
  projectData?: unknown;
  /** Custom _data for templates, unfiltered, and where its values were written. */
  extraData: Record<string, unknown>;
  locateExtra?: ((path: readonly PathSeg[]) => SourcePos | undefined) | undefined;
  /** Reads the snapshot of a deck for this audience: the deck's own (frozen), or an earlier one. */
  snapshot(deckId: string): SnapshotSource | undefined;
  /** Recorded in the snapshot the changes are computed with. */
  generator: string;
  /** Problems found before; an error thrown here carries them too. */
  problems?: Problem[];
  /**
   * What earlier builds of this output showed, as kept in the output folder's record for
   * `ratsdeck freeze` (output/builds.ts): it stays in the output, so today's data decides too.
   */
  recorded?: readonly Snapshot[];
}

export interface AudienceSelection {
  deck: ValidDeck;
  extraData: Record<string, unknown>;
  /** The changes for each earlier session a changes slide compares with, by its deck id. */
  changes?: Record<string, Changes>;
  report: SelectionReport;
  /** The snapshot the deck's data came from, when the session was frozen. */
  frozen?: SnapshotSource;
  /** Warnings (a surname of a member without consent in a text). */
  problems: Problem[];
  /**
   * `recorded`, each as this audience may see it today, in order; undefined for one that would
   * name a member without consent (it is dropped from the record rather than kept or fixed).
   */
  recorded?: (Snapshot | undefined)[];
}

const SNAPSHOT_HINT =
  'the snapshot records what was presented: mark the item public: false in _data/ to withdraw it from public builds, or remove the name from this text of the snapshot';

/** The data keys a frozen deck takes from its snapshot. */
const SNAPSHOT_KEYS = ['activities', 'networks', 'itBeirat'] as const;

function relTo(root: string | undefined, file: string): string {
  if (!root) return file;
  const r = relative(root, file);
  return r.startsWith('..') || isAbsolute(r) ? file : r.split(sep).join('/');
}

/** The decks the changes slides compare with (the slides this audience sees). */
function sincesOf(deck: ValidDeck, audience: Audience): string[] {
  const out = new Set<string>();
  for (const s of deck.slides) {
    if (s.type !== 'changes' || (audience === 'public' && s.public === false)) continue;
    const since = s.since ?? deck.predecessor;
    if (since) out.add(since);
  }
  return [...out];
}

function diff(prev: Snapshot, selected: ValidDeck, input: AudienceInput): Changes {
  const current = snapshotOf(selected, input.id, input.audience, input.generator);
  // Only the public view of that session was recorded: compare public data on both sides.
  const cur = prev.audience === 'public' && input.audience === 'nonpublic' ? publicSnapshot(current) : current;
  return diffSnapshots(prev, cur);
}

/** The deck, custom data and changes as `input.audience` may see them. Throws InvalidDataError. */
export function selectForAudience(input: AudienceInput): AudienceSelection {
  const { audience, deck } = input;
  const frozen = input.snapshot(input.id);
  const previous = new Map<string, SnapshotSource>();
  for (const since of sincesOf(deck, audience)) {
    const src = input.snapshot(since);
    if (!src) throw new InvalidDataError(input.problems ?? [], `${input.id}: no snapshot of "${since}" for the changes slide`);
    previous.set(since, src);
  }
  const taken = frozen ? SNAPSHOT_KEYS.filter((k) => frozen.snapshot[k] !== undefined) : [];

  if (audience === 'nonpublic') {
    const base = frozen ? { ...deck, ...snapshotData(frozen.snapshot) } : deck;
    const { deck: selected, report } = selectAudience(base, 'nonpublic');
    const changes = previous.size ? Object.fromEntries([...previous].map(([k, p]) => [k, diff(p.snapshot, selected, input)])) : undefined;
    const recorded = input.recorded ? [...input.recorded] : undefined;
    return { deck: selected, extraData: input.extraData, ...(changes ? { changes } : {}), report, ...(frozen ? { frozen } : {}), problems: [], ...(recorded ? { recorded } : {}) };
  }

  // Names the snapshots know: a member gone from today's data has no consent any more.
  const root = input.raw?.root;
  const known = [...(frozen ? [frozen] : []), ...previous.values()].flatMap((src) =>
    (src.snapshot.itBeirat?.members ?? []).flatMap((m) =>
      m.name ? [{ name: m.name, who: `a member recorded in ${relTo(root, src.file)}:${src.locate(m.name).line} who is not in today's data` }] : [],
    ),
  );
  const deckMembers = todayLists(deck).members;
  const members = [...deckMembers, ...todayLists(input.projectData).members];
  const who = (i: number) => {
    if (i >= deckMembers.length) return `itBeirat.members[${i - deckMembers.length}] of the project's ${DATA_DIR}`;
    const at = input.raw?.locate(['itBeirat', 'members', i]);
    return at ? `itBeirat.members[${i}] at ${relTo(root, at.file)}:${at.line}` : `itBeirat.members[${i}]`;
  };
  const names = new NameRules(members, known, who);
  const today = new Today([deck, ...(input.projectData ? [input.projectData] : [])], names);
  const report: SelectionReport = { removed: [] };
  const dropped = new Set<object>();
  // A snapshot's copy, or the deck's own copy of the data (a deck file may carry one), gets
  // today's flags from every source; the project's _data/ is not outvoted by an older copy.
  const own = { ...(deck.activities ? { activities: deck.activities } : {}), ...(deck.networks ? { networks: deck.networks } : {}), ...(deck.itBeirat ? { itBeirat: deck.itBeirat } : {}) };
  const base = { ...deck, ...(frozen ? applyToday(snapshotData(frozen.snapshot), today, report, dropped) : applyToday(own, today, report, dropped, '')) };
  const selection = selectAudience(base, 'public', names);
  report.removed.push(...selection.report.removed);
  if (selection.report.slides) report.slides = selection.report.slides;
  const selected = selection.deck;
  const extraData = selectData(input.extraData, 'public') as Record<string, unknown>;
  const changes = previous.size
    ? Object.fromEntries([...previous].map(([k, p]) => [k, diff(selectSnapshot(p.snapshot, 'public', today), selected, input)]))
    : undefined;

  // Every text of the public build, where it is written.
  const sources: TextSource[] = [];
  const seen = new Set<string>();
  if (input.raw) {
    const raw = input.raw;
    const texts = publicTexts(raw.value).filter((t) => !(taken as readonly PathSeg[]).includes(t.path[0]!));
    sources.push({ texts, locate: (t) => raw.locate(t.path) });
  }
  sources.push({
    texts: publicTexts(input.extraData),
    locate: (t) => input.locateExtra?.(t.path) ?? { file: input.raw?.file ?? input.id, line: 1, col: 1 },
    prefix: 'data.',
  });
  if (frozen) {
    const data = snapshotData(frozen.snapshot);
    const texts = publicTexts(Object.fromEntries(taken.map((k) => [k, data[k]])), [], dropped);
    sources.push({ texts, locate: (t) => frozen.locate(t.text), hint: SNAPSHOT_HINT });
  }
  for (const s of sources) for (const t of s.texts) seen.add(t.text);
  // The changes show titles of the earlier session too (what is no longer there).
  for (const [since, c] of Object.entries(changes ?? {})) {
    const prev = previous.get(since)!;
    const texts = publicTexts(c).filter((t) => !seen.has(t.text));
    sources.push({ texts, locate: (t) => prev.locate(t.text), prefix: `changes since ${since}: `, hint: SNAPSHOT_HINT });
  }
  const problems = scanNames(sources, names);
  if (problems.some((p) => p.severity === 'error')) {
    throw new InvalidDataError([...(input.problems ?? []), ...problems], `${input.id}: the public build would publish names without consent; nothing written`);
  }

  const violations = publicViolations({ deck: selected, extraData, changes }, today);
  if (violations.length) {
    const file = input.raw?.file ?? input.id;
    throw new InvalidDataError(
      violations.map((v) => ({
        file,
        line: 1,
        col: 1,
        path: v.path,
        code: 'audience-check',
        message: `${v.why}: still in the public deck after selection`,
        hint: 'a safeguard stopped the build; this is a fault in ratsdeck: please report it with the --debug output',
        severity: 'error' as const,
      })),
      `${input.id}: the public deck failed the check after selection; nothing written`,
    );
  }
  const recorded = input.recorded?.map((s) => recordedForPublic(s, today));
  return { deck: selected, extraData, ...(changes ? { changes } : {}), report, ...(frozen ? { frozen } : {}), problems, ...(recorded ? { recorded } : {}) };
}

/**
 * An earlier build's recorded data as a public output may hold it today: by today's flags and
 * consent like a frozen snapshot, and dropped when the safeguards still find anything in it.
 */
function recordedForPublic(s: Snapshot, today: Today): Snapshot | undefined {
  if (s.audience !== 'public') return undefined;
  const selected = selectSnapshot(s, 'public', today);
  const data = snapshotData(selected);
  if (scanNames([{ texts: publicTexts(data), locate: () => ({ file: s.deck, line: 1, col: 1 }) }], today.names).some((p) => p.severity === 'error')) return undefined;
  const deck = { title: selected.title, slides: [], ...data } as unknown as ValidDeck;
  return publicViolations({ deck, extraData: {} }, today).length ? undefined : selected;
}
