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

/**
 * Indexes the document's nodes by path. `onNumber` sees every number with its source text
 * (for the thousands-separator check of the loader).
 */
export function indexPositions(
  root: YamlNode | null,
  file: string,
  toPos: (offset: number) => { line: number; col: number },
  onNumber?: (source: { start: number; end: number; value: number }) => void,
): PositionIndex {
  const values = new Map<string, SourcePos>();
  const keys = new Map<string, SourcePos>();
  const walk = (node: unknown, path: PathSeg[]) => {
    if (!node || typeof node !== 'object') return;
    const n = node as YamlNode;
    if (n.range) values.set(pathKey(path), { file, ...toPos(n.range[0]) });
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const k = isScalar(item.key) ? item.key.value : item.key;
        if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'boolean') continue;
        const childPath = [...path, String(k)];
        const keyNode = item.key as YamlNode | null;
        if (keyNode?.range) keys.set(pathKey(childPath), { file, ...toPos(keyNode.range[0]) });
        // `key:` with nothing after it: point at the key, not past the end of the line.
        const v = item.value as YamlNode | null;
        const blank = !v || (isScalar(v) && v.range && v.range[0] === v.range[1]);
        if (v && !blank) walk(v, childPath);
        else if (keyNode?.range) values.set(pathKey(childPath), { file, ...toPos(keyNode.range[0]) });
      }
    } else if (isSeq(n)) {
      n.items.forEach((item, i) => walk(item, [...path, i]));
    } else if (isScalar(n) && typeof n.value === 'number' && n.range) {
      onNumber?.({ start: n.range[0], end: n.range[1], value: n.value });
    }
    // Values reached through an alias have no positions of their own; the alias's stands for them.
  };
  walk(root, []);
  return {
    file,
    value: (p) => values.get(pathKey(p)),
    key: (p) => keys.get(pathKey(p)),
  };
}
