/**
 * Session snapshots on disk: _sessions/<deck>.json (public) and
 * _sessions/<deck>-nichtoeffentlich.json (non-public), committed with the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Problem, SourcePos } from '../errors.js';
import { Snapshot } from '../model/snapshot.js';
import { writeFileAtomic } from '../output/write.js';
import { SESSIONS_DIR, type Project } from './discovery.js';

export const NONPUBLIC_SNAPSHOT_SUFFIX = '-nichtoeffentlich';

export function snapshotPath(project: Project, deckId: string, audience: 'public' | 'nonpublic'): string {
  return join(project.root, SESSIONS_DIR, `${deckId}${audience === 'nonpublic' ? NONPUBLIC_SNAPSHOT_SUFFIX : ''}.json`);
}

export interface LoadedSnapshot {
  snapshot?: Snapshot;
  file?: string;
  /** Where a text of the snapshot is written in the file (its first occurrence). */
  locate?(text: string): SourcePos;
  problems: Problem[];
}

/** The position of a JSON string value in the file's text, 1-based; the file's start if not found. */
export function locateJsonString(file: string, text: string, value: string): SourcePos {
  const i = text.indexOf(JSON.stringify(value));
  if (i < 0) return { file, line: 1, col: 1 };
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { file, line, col: i - before.lastIndexOf('\n') };
}

export function readSnapshotFile(file: string): LoadedSnapshot {
  let json: unknown;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
    json = JSON.parse(text);
  } catch (err) {
    return { file, problems: [{ file, line: 1, col: 1, path: '', message: `cannot read snapshot: ${(err as Error).message}`, hint: 'run ratsdeck freeze again for that deck', severity: 'error' }] };
  }
  const parsed = Snapshot.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return {
      file,
      problems: [{ file, line: 1, col: 1, path: first?.path.join('.') ?? '', message: `not a ratsdeck snapshot (${first?.message ?? 'invalid'})`, hint: 'run ratsdeck freeze again for that deck', severity: 'error' }],
    };
  }
  return { file, snapshot: parsed.data, locate: (value) => locateJsonString(file, text, value), problems: [] };
}

/**
 * The snapshot file a build for the given audience reads: a public build the public snapshot,
 * else the non-public one; a non-public build the other way round. It is returned as recorded:
 * what an audience may see of it is decided by the audience stage (src/audience/).
 */
export function loadSnapshotFor(project: Project, deckId: string, audience: 'public' | 'nonpublic'): LoadedSnapshot {
  const pubFile = snapshotPath(project, deckId, 'public');
  const npFile = snapshotPath(project, deckId, 'nonpublic');
  const order = audience === 'public' ? [pubFile, npFile] : [npFile, pubFile];
  for (const f of order) {
    if (!existsSync(f)) continue;
    return readSnapshotFile(f);
  }
  return { problems: [] };
}

/**
 * Writes a snapshot atomically (output/write.ts): a failure leaves the previous snapshot as it
 * was and no partial file. Whether it may replace one is the caller's decision (freeze --force).
 */
export function writeSnapshot(file: string, snapshot: Snapshot): void {
  writeFileAtomic(file, JSON.stringify(snapshot, null, 2) + '\n');
}
