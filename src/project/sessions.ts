/**
 * Session snapshots on disk: _sessions/<deck>.json (public) and
 * _sessions/<deck>-nichtoeffentlich.json (non-public), committed with the project.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Problem } from '../errors.js';
import { Snapshot, publicSnapshot } from '../model/snapshot.js';
import { SESSIONS_DIR, type Project } from './project.js';

export const NONPUBLIC_SNAPSHOT_SUFFIX = '-nichtoeffentlich';

export function snapshotPath(project: Project, deckId: string, audience: 'public' | 'nonpublic'): string {
  return join(project.root, SESSIONS_DIR, `${deckId}${audience === 'nonpublic' ? NONPUBLIC_SNAPSHOT_SUFFIX : ''}.json`);
}

export interface LoadedSnapshot {
  snapshot?: Snapshot;
  file?: string;
  problems: Problem[];
}

export function readSnapshotFile(file: string): LoadedSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
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
  return { file, snapshot: parsed.data, problems: [] };
}

/**
 * The earlier session's snapshot as the given audience may see it: a public build uses the
 * public snapshot, or the public part of a non-public one; a non-public build prefers the
 * non-public snapshot.
 */
export function loadSnapshotFor(project: Project, deckId: string, audience: 'public' | 'nonpublic'): LoadedSnapshot {
  const pubFile = snapshotPath(project, deckId, 'public');
  const npFile = snapshotPath(project, deckId, 'nonpublic');
  const order = audience === 'public' ? [pubFile, npFile] : [npFile, pubFile];
  for (const f of order) {
    if (!existsSync(f)) continue;
    const loaded = readSnapshotFile(f);
    if (loaded.snapshot && audience === 'public') loaded.snapshot = publicSnapshot(loaded.snapshot);
    return loaded;
  }
  return { problems: [] };
}

/** Writes a snapshot atomically; refuses to replace an existing one unless `force`. */
export function writeSnapshot(file: string, snapshot: Snapshot): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(snapshot, null, 2) + '\n');
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
