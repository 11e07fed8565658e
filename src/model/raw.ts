import type { PathSeg, SourcePos } from '../errors.js';

export { formatPath, type PathSeg } from '../errors.js';


/**
 * A deck as loaded: the merged values of the data cascade, plus where each value came from.
 * Produced by the project stage, consumed by validation.
 */
export interface RawDeck {
  /** The deck file (absolute path). */
  file: string;
  /** Deck id: the file name without .yaml. */
  id: string;
  /** The project folder (absolute), so that messages can name files relative to it. */
  root?: string;
  /** Merged plain values (defaults < ratsdeck.yaml < _data/** < deck file). */
  value: unknown;
  /** Where the value (or, with kind 'key', the key) at `path` was written. Never undefined. */
  locate(path: readonly PathSeg[], kind?: 'value' | 'key'): SourcePos;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const low = input.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(low, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(best.length / 3));
  return bestD <= limit ? best : undefined;
}
