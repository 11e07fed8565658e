/**
 * Where every value and key of a parsed YAML document was written (file:line:col), so that
 * validation problems point at the exact place in the user's file.
 */
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { SourcePos } from '../errors.js';
import { pathKey, type PathSeg } from './path.js';

export interface PositionIndex {
  file: string;
  /** Position of the value at `path`, or undefined when the file has no node there. */
  value(path: readonly PathSeg[]): SourcePos | undefined;
  /** Position of the key of the pair at `path` (for "unknown key" messages). */
  key(path: readonly PathSeg[]): SourcePos | undefined;
}

export function emptyIndex(file: string): PositionIndex {
  return { file, value: () => undefined, key: () => undefined };
}

/** What an index is made of, as plain data (a parse kept on disk stores it): [line, col] by path key. */
export interface PositionTable {
  values: Map<string, [number, number]>;
  keys: Map<string, [number, number]>;
}

/** The index of a table; every lookup gets a position of its own. */
export function indexOfTable(file: string, table: PositionTable): PositionIndex & { table: PositionTable } {
  const at = (m: Map<string, [number, number]>, p: readonly PathSeg[]): SourcePos | undefined => {
    const hit = m.get(pathKey(p));
    return hit ? { file, line: hit[0], col: hit[1] } : undefined;
  };
  return { file, table, value: (p) => at(table.values, p), key: (p) => at(table.keys, p) };
}

/**
 * Indexes the document's nodes by path. `onNumber` sees every number with its source text
 * (for the thousands-separator check of the loader).
 */
export function indexPositions(
  root: YamlNode | null,
  file: string,
  toPos: (offset: number) => { line: number; col: number },
  onNumber?: (source: { start: number; end: number; value: number }) => void,
): PositionIndex & { table: PositionTable } {
  const values = new Map<string, [number, number]>();
  const keys = new Map<string, [number, number]>();
  const at = (offset: number): [number, number] => {
    const { line, col } = toPos(offset);
    return [line, col];
  };
  const walk = (node: unknown, path: PathSeg[]) => {
    if (!node || typeof node !== 'object') return;
    const n = node as YamlNode;
    if (n.range) values.set(pathKey(path), at(n.range[0]));
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? item.key.value : item.key;
        if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean') continue;
        const childPath = [...path, String(k)];
        const keyNode = item.key as YamlNode | null;
        if (keyNode?.range) keys.set(pathKey(childPath), at(keyNode.range[0]));
        // `key:` with nothing after it: point at the key, not past the end of the line.
        const v = item.value as YamlNode | null;
        const blank = !v || (isScalar(v) && v.range && v.range[0] === v.range[1]);
        if (v && !blank) walk(v, childPath);
        else if (keyNode?.range) values.set(pathKey(childPath), at(keyNode.range[0]));
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(n) && typeof n.value === 'number' && n.range) {
      onNumber?.({ start: n.range[0], end: n.range[1], value: n.value });
    }
    // Values reached through an alias have no positions of their own; the alias's stands for them.
  };
  walk(root, []);
  return indexOfTable(file, { values, keys });
}
