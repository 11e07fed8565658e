import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'check');

/** 1-based line of the first line of `file` that contains `needle` (fixtures name their lines by content, not number). */
export function lineOf(file: string, needle: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

/** 1-based line of the last line of `file` that contains `needle`. */
export function lastLineOf(file: string, needle: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`${needle} not in ${file}`);
}
