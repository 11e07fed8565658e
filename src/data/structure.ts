/**
 * What the YAML parser accepts but plain data cannot hold safely: tags beyond the core schema,
 * undefined, recursive or exploding aliases, non-text keys, `<<` and `__proto__`.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { MAX_ALIAS_VALUES, MAX_DEPTH } from './limits.js';

/** The only YAML tags a file may carry: those of the core schema (plain data). */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

export function scanTags(node: YamlNode | null, onCustom: (n: YamlNode) => void): void {
  if (!node || typeof node !== 'object') return;
  const tag = (node as { tag?: string }).tag;
  if (tag && !CORE_TAGS.has(tag)) onCustom(node);
  if (isMap(node)) {
    for (const item of node.items) {
      if (isPair(item)) {
        scanTags(item.key as YamlNode | null, onCustom);
        scanTags(item.value as YamlNode | null, onCustom);
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) scanTags(item as YamlNode, onCustom);
  }
}

/**
 * Checks what the parser accepts but plain data cannot hold safely: aliases that are undefined,
 * recursive or expand to too much (billion laughs), keys that are not plain text, the merge key
 * `<<` and `__proto__`. Runs before toJS so nothing is expanded on the way.
 */
export function checkStructure(root: YamlNode | null, report: (offset: number, message: string, hint?: string) => void): void {
  const anchors = new Map<string, number | 'pending'>();
  let expanded = 0;
  class Stop extends Error {}
  const size = (node: unknown, depth = 0): number => {
    if (!node || typeof node !== 'object') return 1;
    const n = node as YamlNode & { anchor?: string };
    const at = n.range?.[0] ?? 0;
    if (depth > MAX_DEPTH) {
      report(at, `YAML: the data is nested too deeply (more than ${MAX_DEPTH} levels)`);
      throw new Stop();
    }
    if (isAlias(n)) {
      const target = anchors.get(n.source);
      if (target === undefined) {
        // Mostly Markdown: `title: *wichtig*` is an alias to YAML.
        report(at, `YAML: the alias *${n.source} has no anchor &${n.source} before it`, `text that starts with * needs quotes ("*${n.source}…"); an alias needs &${n.source} before the first *${n.source}`);
        throw new Stop();
      }
      if (target === 'pending') {
        report(at, `YAML: the alias *${n.source} is used inside the value it names`, 'a value cannot contain itself');
        throw new Stop();
      }
      expanded += target;
      if (expanded > MAX_ALIAS_VALUES) {
        report(at, `YAML: aliases expand to more than ${MAX_ALIAS_VALUES} values`, 'a file that multiplies its data through aliases is refused to protect against resource exhaustion; write the data out');
        throw new Stop();
      }
      return target;
    }
    if (n.anchor) anchors.set(n.anchor, 'pending');
    let total = 1;
    if (isMap(n)) {
      for (const item of n.items) {
        if (!isPair(item)) continue;
        const kn = item.key as YamlNode | null;
        if (kn && !isScalar(kn)) {
          report(kn.range?.[0] ?? at, 'YAML: a key must be plain text, not a list, a mapping or an alias');
          throw new Stop();
        }
        if (isScalar(kn) && kn.value === '<<') {
          report(kn.range?.[0] ?? at, 'YAML: merge keys (<<) are not supported', 'write the keys out, or use an alias for the whole value');
          throw new Stop();
        }
        if (isScalar(kn) && kn.value === '__proto__') {
          report(kn.range?.[0] ?? at, 'YAML: the key "__proto__" is not allowed');
          throw new Stop();
        }
        total += size(kn, depth + 1) + size(item.value, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const item of n.items) total += size(item, depth + 1);
    }
    if (n.anchor) anchors.set(n.anchor, total);
    return total;
  };
  try {
    size(root);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
}
