/**
 * `freezeDeck`: after a session, record what was presented as _sessions/<deck>.json (and the
 * non-public view as _sessions/<deck>-nichtoeffentlich.json), for "changes since the last
 * session" and for building the deck as it was. Written atomically; an existing snapshot is
 * replaced only with `force`, and then for every audience or none.
 *
 * What was presented is what was built for the session (issue 11): the data of the last build
 * up to the session day, preferring one that was printed (output/builds.ts), read from the
 * output folder's record. The session's own details (result, votes) come from the deck file,
 * where they are written after the session. Without such a build, today's data is recorded only
 * when nothing says it changed since the session; otherwise freeze refuses (exit 2) and says
 * what to do, so that the next deck's changes slide is never silently empty.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { selectAudience, selectSnapshot, type Audience } from '../audience/index.js';
import { ExitCode, InvalidDataError, RatsdeckError } from '../errors.js';
import { outputIdFor, outputNamesFor } from '../model/outputs.js';
import { countChanges, diffSnapshots, Snapshot, SNAPSHOT_DATA_KEYS, snapshotOf } from '../model/snapshot.js';
import { berlinTime, byDay, presentedBuild, type BuiltData, type PresentedBuild } from '../output/builds.js';
import { readOutputRecord } from '../output/root.js';
import { displayPath } from '../paths.js';
import { defaultOutDir, loadAndValidate, type DeckResult } from '../pipeline.js';
import { readSnapshotFile, snapshotPath, writeSnapshot } from '../project/sessions.js';
import { version } from '../version.js';
import { deckFileArg } from './deck-file.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface FreezeDeckOptions {
  /** The deck that was presented: a path, a file name or a deck id of the project. */
  deck: string;
  /** Also record the non-public view (always recorded for a non-public session). */
  nonpublic?: boolean;
  /**
   * Replace existing snapshots. The data comes from the build for the session as always, else
   * from the snapshot being replaced; the session's details (result, votes) from the deck.
   */
  force?: boolean;
  /** Record today's data, also where it changed since the session. */
  fromCurrentData?: boolean;
  /** The output folder the deck was built into (default: out/ in the project), relative to `cwd`. */
  outDir?: string;
  /** Decide everything and write nothing: throws where a freeze would refuse, with the same message. */
  dryRun?: boolean;
  /**
   * Files ratsdeck itself changed for this freeze just before it (the deck, when the result from
   * the council information system was written into it after a `dryRun`): their new time is not
   * a change of the data since the session. The dry run checked them with their old time.
   */
  editedForFreeze?: string[];
  cwd?: string;
  reporter?: Reporter;
}

/** Where the recorded data came from. */
export type FrozenSource =
  /** The build for the session (`builtAt`, ISO 8601), `printed` when its PDF was printed by then. */
  | { kind: 'build'; output: string; builtAt: string; printed: boolean }
  /** The snapshot that `force` replaced: its data was kept. */
  | { kind: 'snapshot' }
  /** Today's data: nothing pointed to a change since the session, or `fromCurrentData`. */
  | { kind: 'current-data'; asked: boolean };

export interface FreezeDeckResult {
  id: string;
  snapshots: { audience: Audience; file: string; source: FrozenSource }[];
}

type Data = Pick<Snapshot, 'activities' | 'networks' | 'itBeirat'>;

interface Choice {
  audience: Audience;
  file: string;
  data: Data;
  source: FrozenSource;
  /** What to say about it, after "froze <id> (<audience>) → <file>: ". */
  said: string;
  /** More lines for people (info) and warnings. */
  notes: string[];
  warnings: string[];
}

const HOW = (audience: Audience) => (audience === 'public' ? 'public' : 'non-public');

export function freezeDeck(opts: FreezeDeckOptions): FreezeDeckResult {
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const show = (p: string) => displayPath(p, cwd);
  const loaded = loadAndValidate(deckFileArg(opts.deck, cwd));
  for (const p of loaded.problems) report.problem(p);
  if (!loaded.deck) throw new InvalidDataError([], `${loaded.id}: invalid deck data, nothing frozen`);
  const audiences: Audience[] = [];
  if (loaded.deck.session?.public !== false) audiences.push('public');
  if (opts.nonpublic || loaded.deck.session?.public === false) audiences.push('nonpublic');
  for (const audience of audiences) {
    const target = snapshotPath(loaded.project, loaded.id, audience);
    if (existsSync(target) && !opts.force) {
      throw new RatsdeckError(`${show(target)} already exists`, {
        exitCode: ExitCode.USAGE,
        hint: 'a snapshot records what was presented; --force records it again (the data as built for the session, else as recorded; the result and votes from the deck)',
      });
    }
  }
  const outDir = resolve(cwd, opts.outDir ?? defaultOutDir(loaded.project));
  const generator = `ratsdeck ${version()}`;
  // Decided for every audience before anything is written: a refusal writes nothing.
  const choices = audiences.map((audience) => choose(loaded, audience, outDir, opts, show));
  const snapshots: FreezeDeckResult['snapshots'] = [];
  if (opts.dryRun) return { id: loaded.id, snapshots: choices.map((c) => ({ audience: c.audience, file: c.file, source: c.source })) };
  for (const c of choices) {
    const today = snapshotOf(selectAudience(loaded.deck, c.audience).deck, loaded.id, c.audience, generator);
    const snap: Snapshot = { ...today, activities: c.data.activities, networks: c.data.networks };
    if (c.data.itBeirat) snap.itBeirat = c.data.itBeirat;
    else delete snap.itBeirat;
    writeSnapshot(c.file, snap);
    snapshots.push({ audience: c.audience, file: c.file, source: c.source });
    report.info(`froze ${loaded.id} (${HOW(c.audience)}) → ${show(c.file)}: ${c.said}`);
    for (const n of c.notes) report.info(`  ${n}`);
    for (const w of c.warnings) report.warn(`${loaded.id}: ${w}`);
  }
  if (!loaded.deck.session?.result) {
    report.warn(`${loaded.id}: no session.result recorded (e.g. result: zur Kenntnis genommen); add it to the deck and freeze again with --force`);
  }
  return { id: loaded.id, snapshots };
}

function dataOf(s: Snapshot): Data {
  return { activities: s.activities, networks: s.networks, ...(s.itBeirat ? { itBeirat: s.itBeirat } : {}) };
}

/** The session's day, and the moment it began ("YYYY-MM-DD HH:MM", Europe/Berlin). */
function sessionTimes(loaded: DeckResult): { day?: string; start?: string } {
  const day = loaded.deck?.session?.date ?? loaded.deck?.date;
  if (!day) return {};
  return { day, start: `${day} ${loaded.deck?.session?.time ?? '00:00'}` };
}

function choose(loaded: DeckResult, audience: Audience, outDir: string, opts: FreezeDeckOptions, show: (p: string) => string): Choice {
  const file = snapshotPath(loaded.project, loaded.id, audience);
  const current = snapshotOf(selectAudience(loaded.deck!, audience).deck, loaded.id, audience, '');
  const { day, start } = sessionTimes(loaded);
  const base = { audience, file, notes: [] as string[], warnings: [] as string[] };
  const found = recordedBuilds(outDir, loaded.id, audience, show);
  base.warnings.push(...found.warnings);

  if (opts.fromCurrentData) {
    const changed = start ? changedSince(loaded, start, opts.editedForFreeze) : [];
    const c: Choice = { ...base, data: dataOf(current), source: { kind: 'current-data', asked: true }, said: "recorded today's data (--from-current-data)" };
    const chosen = presentedBuild(found.builds, day);
    if (chosen) c.warnings.push(`${found.where(chosen.build)} holds the build of ${berlinTime(chosen.build.first)} for the session; --from-current-data recorded today's data instead`);
    if (changed.length) c.warnings.push(`recorded today's data although ${changedList(changed, show)} changed after the session (${start}), as asked with --from-current-data`);
    return c;
  }

  const chosen = presentedBuild(found.builds, day);
  if (chosen) {
    const c: Choice = {
      ...base,
      data: publicOnly(dataOf(chosen.build.snapshot), audience, chosen.build.snapshot),
      source: { kind: 'build', output: found.outputOf(chosen.build), builtAt: builtAtOf(chosen, day), printed: chosen.printed },
      said: `recorded what was built on ${berlinTime(builtAtOf(chosen, day))}${chosen.printed ? ' and printed' : ''} (${found.where(chosen.build)})`,
    };
    if (chosen.unprinted) c.notes.push(`a later build of ${berlinTime(chosen.unprinted.first)} with other data was not printed; the printed one was recorded as handed out`);
    const n = countChanges(diffSnapshots({ ...current, ...dataOf(chosen.build.snapshot) }, current));
    if (n) c.notes.push(`today's data has ${n} change${n === 1 ? '' : 's'} since that build: the next deck's changes slide shows ${n === 1 ? 'it' : 'them'}`);
    return c;
  }

  if (opts.force && existsSync(file)) {
    const old = readSnapshotFile(file);
    if (old.snapshot && old.snapshot.audience === audience) {
      return { ...base, data: publicOnly(dataOf(old.snapshot), audience, old.snapshot), source: { kind: 'snapshot' }, said: `kept the data recorded in ${show(file)}; the session's details from the deck` };
    }
  }

  const later = found.builds.filter((b) => !byDay(b.first, day));
  const why = later.length
    ? `${found.where(later[0]!)} was built only after the session (${berlinTime(later[0]!.first)}), so it does not show what was presented`
    : found.unrecorded
      ? `${found.unrecorded} was built by an earlier ratsdeck, which did not record what it was built from`
      : `${show(outDir)}/ holds no ${HOW(audience)} build of it${audience === 'nonpublic' ? ' (ratsdeck build --nonpublic)' : ''}`;
  if (!start) {
    return {
      ...base,
      data: dataOf(current),
      source: { kind: 'current-data', asked: false },
      said: "recorded today's data",
      warnings: [...base.warnings, `${why}, and the deck has no session date to tell whether the data changed since: if it did, restore the data as it was and freeze again with --force --from-current-data`],
    };
  }
  const changed = changedSince(loaded, start, opts.editedForFreeze);
  if (!changed.length) {
    return {
      ...base,
      data: dataOf(current),
      source: { kind: 'current-data', asked: false },
      said: `recorded today's data: ${why}, and none of the files its data comes from changed since the session (${start})`,
    };
  }
  throw new RatsdeckError(
    `${loaded.id}: cannot tell what was presented (${HOW(audience)}): ${why}, and ${changedList(changed, show)} changed after the session (${start}); nothing frozen`,
    {
      exitCode: ExitCode.USAGE,
      hint:
        'freeze records the data as it was at the session: restore that data (e.g. git stash, or git checkout of the files as they were) and run freeze again, ' +
        "or record today's data anyway with --from-current-data (the next deck's changes slide then starts from today's data). " +
        'A copy or checkout (git clone, git pull) also gives files a new time: if the data is as it was, --from-current-data is right',
    },
  );
}

/** The last time the chosen data was built on or before the session day. */
function builtAtOf(chosen: PresentedBuild, day: string | undefined): string {
  return byDay(chosen.build.last, day) ? chosen.build.last : chosen.build.first;
}

/**
 * A public snapshot keeps only what the public may see by its own flags, also when it comes
 * from a record (an edited output record must not put a `public: false` item into _sessions/).
 */
function publicOnly(data: Data, audience: Audience, from: Snapshot): Data {
  if (audience === 'nonpublic') return data;
  return dataOf(selectSnapshot({ ...from, ...data }, 'public'));
}

interface Found {
  builds: BuiltData[];
  warnings: string[];
  /** An output of the deck without a record of what it was built from (an earlier ratsdeck). */
  unrecorded?: string;
  where(b: BuiltData): string;
  outputOf(b: BuiltData): string;
}

/** The builds of the deck for one audience that the output folder's record holds (deck folder and single file). */
function recordedBuilds(outDir: string, id: string, audience: Audience, show: (p: string) => string): Found {
  const outputId = outputIdFor(id, audience);
  const names = [outputId, outputNamesFor(outputId).singleFile];
  const owner = new Map<BuiltData, string>();
  const warnings: string[] = [];
  let entries;
  try {
    entries = readOutputRecord(outDir);
  } catch (err) {
    warnings.push(`${(err as Error).message}; freeze cannot use what was built there`);
  }
  let unrecorded: string | undefined;
  for (const name of names) {
    const e = entries?.get(name);
    if (!e || e.audience !== audience) continue;
    if (!e.builds?.length) unrecorded ??= `${show(join(outDir, name))}${name.endsWith('.html') ? '' : '/'}`;
    for (const b of e.builds ?? []) {
      const parsed = Snapshot.safeParse(b?.snapshot);
      if (!parsed.success || parsed.data.audience !== audience || parsed.data.deck !== id || typeof b.first !== 'string') continue;
      owner.set({ ...b, snapshot: parsed.data }, name);
    }
  }
  const builds = [...owner.keys()].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const pathOf = (b: BuiltData) => join(outDir, owner.get(b)!);
  return {
    builds,
    warnings,
    ...(unrecorded ? { unrecorded } : {}),
    outputOf: pathOf,
    where: (b) => `${show(pathOf(b))}${owner.get(b)!.endsWith('.html') ? '' : '/'}`,
  };
}

/** The files the recorded data comes from that were modified after `start` (Europe/Berlin). */
function changedSince(loaded: DeckResult, start: string, edited: string[] = []): { file: string; at: string }[] {
  const keys = new Set<string>(SNAPSHOT_DATA_KEYS);
  const ours = new Set(edited.map((f) => resolve(f)));
  const out: { file: string; at: string }[] = [];
  for (const s of loaded.sources ?? []) {
    if (!s.keys.some((k) => keys.has(k)) || ours.has(resolve(s.file))) continue;
    let at: string;
    try {
      at = berlinTime(statSync(s.file).mtimeMs);
    } catch {
      continue;
    }
    if (at > start) out.push({ file: s.file, at });
  }
  return out;
}

function changedList(changed: { file: string; at: string }[], show: (p: string) => string): string {
  const shown = changed.slice(0, 3).map((c) => `${show(c.file)} (${c.at})`);
  return shown.join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
}
