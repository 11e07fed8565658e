/**
 * `freezeDeck`: after a session, record what was presented as _sessions/<deck>.json (and the
 * non-public view as _sessions/<deck>-nichtoeffentlich.json), for "changes since the last
 * session" and for building the deck as it was. Written atomically; an existing snapshot is
 * replaced only with `force`, and then for every audience or none.
 */
import { existsSync } from 'node:fs';
import { selectAudience, type Audience } from '../audience/index.js';
import { ExitCode, InvalidDataError, RatsdeckError } from '../errors.js';
import { snapshotOf } from '../model/snapshot.js';
import { displayPath } from '../paths.js';
import { loadAndValidate } from '../pipeline.js';
import { snapshotPath, writeSnapshot } from '../project/sessions.js';
import { version } from '../version.js';
import { deckFileArg } from './deck-file.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface FreezeDeckOptions {
  /** The deck that was presented: a path, a file name or a deck id of the project. */
  deck: string;
  /** Also record the non-public view (always recorded for a non-public session). */
  nonpublic?: boolean;
  /** Replace existing snapshots (records today's data: only right if _data/ has not moved on). */
  force?: boolean;
  cwd?: string;
  reporter?: Reporter;
}

export interface FreezeDeckResult {
  id: string;
  snapshots: { audience: Audience; file: string }[];
}

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
        hint: 'a snapshot records what was presented; --force records the data as it is today instead (only right if _data/ has not moved on since that session)',
      });
    }
  }
  if (opts.force) {
    report.warn(`${loaded.id}: --force records the data as it stands today; if _data/ changed since the session, this is no longer what was presented`);
  }
  const snapshots: FreezeDeckResult['snapshots'] = [];
  for (const audience of audiences) {
    const { deck } = selectAudience(loaded.deck, audience);
    const file = snapshotPath(loaded.project, loaded.id, audience);
    writeSnapshot(file, snapshotOf(deck, loaded.id, audience, `ratsdeck ${version()}`));
    snapshots.push({ audience, file });
    report.info(`froze ${loaded.id} (${audience === 'public' ? 'public' : 'non-public'}) → ${show(file)}`);
  }
  if (!loaded.deck.session?.result) {
    report.warn(`${loaded.id}: no session.result recorded (e.g. result: zur Kenntnis genommen); add it to the deck and freeze again with --force`);
  }
  return { id: loaded.id, snapshots };
}
