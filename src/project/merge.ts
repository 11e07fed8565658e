/**
 * The cascade's merge: layers deep-merged in precedence order, remembering for each path which
 * layer supplied it, so that every value's position can be found afterwards.
 */
import type { PathSeg, PositionIndex } from '../data/yaml.js';
import { pathKey } from '../data/yaml.js';
import type { SourcePos } from '../errors.js';

export interface Layer {
  name: string;
  /** Where this layer's values sit in the merged value (e.g. ['activities'] for _data/activities.yaml). */
  prefix: PathSeg[];
  value: unknown;
  index?: PositionIndex;
  file: string;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Sets an own property, even for keys like "__proto__" that plain assignment would misread. */
export function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function ownObject(target: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const v = Object.hasOwn(target, key) ? target[key] : undefined;
  return isPlainObject(v) ? v : undefined;
}

export function setIn(target: Record<string, unknown>, key: string[], value: unknown) {
  let t = target;
  key.slice(0, -1).forEach((k) => {
    let next = ownObject(t, k);
    if (!next) define(t, k, (next = {}));
    t = next;
  });
  define(t, key[key.length - 1]!, value);
}

/**
 * Deep-merges the layers (objects merge, lists and scalars are replaced) and records for each
 * merged path which layer supplied it, so positions can be found afterwards. Values are copied:
 * the YAML loader shares objects between an anchor and its aliases, and later stages (the
 * asset check below) rewrite values in place.
 */
export function mergeLayers(layers: Layer[]): { value: Record<string, unknown>; origins: Map<string, number> } {
  const origins = new Map<string, number>();
  const result: Record<string, unknown> = {};
  const mergeInto = (target: Record<string, unknown>, src: Record<string, unknown>, path: PathSeg[], li: number) => {
    origins.set(pathKey(path), li);
    for (const [k, v] of Object.entries(src)) {
      const p = [...path, k];
      if (isPlainObject(v)) {
        let t = ownObject(target, k);
        if (!t) define(target, k, (t = {}));
        mergeInto(t, v, p, li);
      } else {
        define(target, k, structuredClone(v));
        origins.set(pathKey(p), li);
      }
    }
  };
  layers.forEach((layer, li) => {
    // Place the layer's value at its prefix.
    let wrapped: unknown = layer.value;
    for (let i = layer.prefix.length - 1; i >= 0; i--) {
      const w: Record<string, unknown> = {};
      define(w, String(layer.prefix[i]), wrapped);
      wrapped = w;
    }
    if (isPlainObject(wrapped)) mergeInto(result, wrapped, [], li);
  });
  return { value: result, origins };
}

export function locate(
  layers: Layer[],
  origins: Map<string, number>,
  path: readonly PathSeg[],
  kind: 'value' | 'key',
  deckFile: string,
): SourcePos {
  // The layer that supplied the longest recorded prefix of the path owns it.
  let owner: number | undefined;
  for (let n = path.length; n >= 0; n--) {
    const o = origins.get(pathKey(path.slice(0, n)));
    if (o !== undefined) {
      owner = o;
      break;
    }
  }
  const tryLayer = (layer: Layer | undefined): SourcePos | undefined => {
    if (!layer?.index) return undefined;
    const pre = layer.prefix;
    if (pre.length > path.length && !pre.every((s, i) => s === path[i])) return undefined;
    if (!pre.every((s, i) => i >= path.length || s === path[i])) return undefined;
    const inner = path.slice(pre.length);
    if (kind === 'key') {
      const k = layer.index.key(inner);
      if (k) return k;
    }
    for (let n = inner.length; n >= 0; n--) {
      const p = layer.index.value(inner.slice(0, n));
      if (p) return p;
    }
    return { file: layer.file, line: 1, col: 1 };
  };
  const found = tryLayer(owner === undefined ? undefined : layers[owner]);
  if (found) return found;
  // Fall back to the deck file itself.
  for (let i = layers.length - 1; i >= 0; i--) {
    const f = tryLayer(layers[i]);
    if (f) return f;
  }
  return { file: deckFile, line: 1, col: 1 };
}
