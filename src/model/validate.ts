/**
 * Validation: RawDeck (values + positions) → ValidDeck, reporting every problem at once with
 * its source position. Pure: no file system, no argv.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { z } from './zod.js';
import type { Problem } from '../errors.js';
import { isNonpublicAgendaNumber } from './agenda.js';
import { isoDateOf, plainNumberOf, timeOf } from './notation.js';
import { DATE_EXPECTED, DATE_PATTERN, ID_PATTERN, TIME_EXPECTED, TIME_PATTERN } from './primitives.js';
import { didYouMean, formatPath, type PathSeg, type RawDeck } from './raw.js';
import { Deck, REQUIRED_DECK_KEYS, SLIDE_TYPES, type ValidDeck } from './schema.js';
import { booleanWord, foldWord, idFor, suggestWord, vocabularyOf } from './words.js';
import { slideReferences } from '../slides/index.js';

type AnySchema = z.core.$ZodType;

function def(s: AnySchema): Record<string, unknown> & { type: string } {
  return (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

/** Unwraps optional/default/nullable/pipe wrappers. */
function unwrap(s: AnySchema): AnySchema {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = def(cur);
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'default' || d.type === 'readonly') {
      cur = d.innerType as AnySchema;
    } else if (d.type === 'pipe') {
      cur = d.in as AnySchema;
    } else break;
  }
  return cur;
}

/** The object schema that describes the data at `path`, following the data for unions. */
function schemaAt(root: AnySchema, data: unknown, path: readonly PathSeg[]): AnySchema | undefined {
  let s: AnySchema | undefined = root;
  let d: unknown = data;
  for (const seg of path) {
    if (!s) return undefined;
    s = resolveUnion(unwrap(s), d);
    if (!s) return undefined;
    const sd = def(s);
    if (sd.type === 'object' && typeof seg === 'string') {
      s = (sd.shape as Record<string, AnySchema>)[seg];
    } else if (sd.type === 'array' && typeof seg === 'number') {
      s = sd.element as AnySchema;
    } else return undefined;
    d = d && typeof d === 'object' ? (d as Record<string, unknown>)[seg as string] : undefined;
  }
  return s ? resolveUnion(unwrap(s), d) : undefined;
}

function resolveUnion(s: AnySchema, data: unknown): AnySchema | undefined {
  const d = def(s);
  if (d.type !== 'union') return s;
  const options = d.options as AnySchema[];
  const disc = d.discriminator as string | undefined;
  if (disc && data && typeof data === 'object') {
    const v = (data as Record<string, unknown>)[disc];
    for (const o of options) {
      const od = def(unwrap(o));
      if (od.type !== 'object') continue;
      const lit = (od.shape as Record<string, AnySchema>)[disc];
      if (lit && def(lit).type === 'literal' && (def(lit).values as unknown[]).includes(v)) return unwrap(o);
    }
    return undefined;
  }
  // Plain unions: pick the object option if the data is an object.
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    return options.map(unwrap).find((o) => def(o).type === 'object');
  }
  return undefined;
}

function knownKeys(root: AnySchema, data: unknown, path: readonly PathSeg[]): string[] {
  const s = schemaAt(root, data, path);
  if (!s) return [];
  const d = def(s);
  return d.type === 'object' ? Object.keys(d.shape as object) : [];
}

function typeName(v: unknown): string {
  if (v === null) return 'null (an empty value)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
};

function valueAt(data: unknown, path: readonly PathSeg[]): unknown {
  let d = data;
  for (const seg of path) {
    if (d === null || typeof d !== 'object') return undefined;
    d = (d as Record<string | number, unknown>)[seg];
  }
  return d;
}

/** Turns one zod issue into one or more problems with source positions. */
function issueToProblems(issue: z.core.$ZodIssue, raw: RawDeck): Problem[] {
  const path = issue.path as PathSeg[];
  const mk = (p: readonly PathSeg[], message: string, hint?: string, kind: 'value' | 'key' = 'value'): Problem => {
    const pos = raw.locate(p, kind);
    const pr: Problem = { ...pos, path: formatPath(p), message, severity: 'error' };
    if (hint) pr.hint = hint;
    return pr;
  };
  const input = valueAt(raw.value, path);
  const present = path.length === 0 || hasPath(raw.value, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(Deck, raw.value, path);
      return issue.keys.flatMap((k) => {
        const cut = commaCut(raw, path, k);
        if (cut === 'covered') return [];
        if (cut) return [cut];
        const guess = didYouMean(k, known);
        return [mk([...path, k], `unknown key "${k}"`, guess ? `did you mean "${guess}"?` : known.length ? `allowed keys: ${known.join(', ')}` : undefined, 'key')];
      });
    }
    case 'invalid_type': {
      if (!present || input === undefined) {
        // A schema's own message (an image's alt text) says more than "missing required field".
        if (!issue.message.startsWith('Invalid input')) return [mk(path, issue.message)];
        return [mk(path, `missing required field "${String(path[path.length - 1] ?? '')}"`)];
      }
      // Custom messages from the schema (dates, ids, alt text) are more helpful than the generic one.
      if (!issue.message.startsWith('Invalid input')) return [mk(path, `${issue.message}, got ${typeName(input)}`, notationHint(issue.message, input))];
      const exp = EXPECTED[issue.expected] ?? issue.expected;
      const truth = issue.expected === 'boolean' && typeof input === 'string' ? booleanWord(input) : undefined;
      const hint =
        issue.expected === 'string' && typeof input === 'number'
          ? 'put the value in quotes'
          : issue.expected === 'number' && typeof input === 'string' && /\d/.test(input)
            ? `write digits only, without thousands separators or units: ${plainNumberOf(input) ?? (input.replace(/[^\d,.-]/g, '').replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.') || '450000')}`
            : truth !== undefined
              ? `write ${truth} for ${JSON.stringify(input)}`
              : undefined;
      return [mk(path, `expected ${exp}, got ${typeName(input)}`, hint)];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v));
      if (!present || input === undefined) {
        return [mk(path, `missing required field "${String(path[path.length - 1] ?? '')}" (one of ${allowed.join(', ')})`)];
      }
      if (!issue.message.startsWith('Invalid')) return [mk(path, `${issue.message}, got ${typeName(input)}`)];
      // A closed list of words (words.ts): by meaning and spelling, over the German words too.
      const vocab = vocabularyOf(issue.values);
      const guess = typeof input === 'string' ? (vocab ? suggestWord(vocab, input) : didYouMean(input, issue.values.map(String))) : undefined;
      const got = typeof input === 'string' ? JSON.stringify(input) : typeName(input);
      const also = vocab ? vocab.values.flatMap((v) => (vocab.accepted[v] ?? []).slice(0, 1)) : [];
      // In a spreadsheet people write the German words (and the template lists them): those first.
      const pos = raw.locate(path, 'value');
      if (vocab && also.length === vocab.values.length && (pos.cell !== undefined || /\.csv$/i.test(pos.file))) {
        const german = (v: string) => vocab.accepted[v as keyof typeof vocab.accepted]?.[0] ?? v;
        return [mk(path, `expected one of ${also.join(', ')} (${vocab.values.join(', ')}); got ${got}`, guess ? `did you mean "${german(guess)}"?` : undefined)];
      }
      const hint = guess ? `did you mean "${guess}"?` : also.length ? `also accepted: ${also.join(', ')}` : undefined;
      return [mk(path, `expected one of ${allowed.join(', ')}; got ${got}`, hint)];
    }
    case 'invalid_union': {
      const u = issue as z.core.$ZodIssueInvalidUnion & { note?: string; discriminator?: string; options?: unknown[] };
      if (u.discriminator === 'type' || (path[path.length - 1] === 'type' && u.note)) {
        const t = valueAt(raw.value, path);
        const types = SLIDE_TYPES.map((x) => JSON.stringify(x)).join(', ');
        if (t === undefined) return [mk(path.slice(0, -1), `slide has no "type"; expected one of ${types}`)];
        const guess = typeof t === 'string' ? didYouMean(t, SLIDE_TYPES) : undefined;
        return [mk(path, `unknown slide type; expected one of ${types}; got ${JSON.stringify(t)}`, guess ? `did you mean "${guess}"?` : undefined)];
      }
      // A plain union (e.g. one value or a list of values): report the most specific branch.
      // The branch that got furthest into the data is the one the author meant: for
      // `status: [green, blau]` that is the list branch complaining about item [1], not the
      // single-value branch complaining about the whole list.
      const branches = u.errors ?? [];
      const depth = (b: z.core.$ZodIssue[]) => Math.max(...b.map((i) => i.path.length));
      let best: z.core.$ZodIssue[] | undefined;
      for (const b of branches) if (b.length && (!best || depth(b) > depth(best))) best = b;
      if (best && best.length) {
        return best.flatMap((i) => issueToProblems({ ...i, path: [...path, ...(i.path as PathSeg[])] } as z.core.$ZodIssue, raw));
      }
      return [mk(path, `value ${typeName(input)} is not allowed here`)];
    }
    case 'too_small': {
      const origin = (issue as { origin?: string }).origin;
      if (origin === 'string') return [mk(path, 'must not be empty')];
      if (origin === 'array' && formatPath(path) === 'slides') {
        // `slides: []` used to build a blank deck, and printing it then timed out (issue 11).
        return [{ ...mk(path, 'a deck needs at least one slide', 'add slides under "slides:", for example "- type: title"; the README lists the slide types'), code: 'no-slides' }];
      }
      if (origin === 'array') return [mk(path, Number(issue.minimum) === 1 ? 'needs at least one entry' : `needs at least ${String(issue.minimum)} entries`)];
      return [mk(path, `must be at least ${String(issue.minimum)}, got ${typeName(input)}`)];
    }
    case 'too_big': {
      return [mk(path, `must be at most ${String(issue.maximum)}, got ${typeName(input)}`)];
    }
    case 'invalid_format': {
      const pattern = (issue as { pattern?: string }).pattern;
      const p = mk(path, issue.message, typeof input === 'string' && pattern ? formatHint(pattern, input) : undefined);
      if (pattern === String(ID_PATTERN)) p.code = 'id-format';
      return [p];
    }
    case 'custom':
    default:
      return [mk(path, issue.message)];
  }
}

/** The exact replacement for a date, time or id written another way (18.03.2025 → 2025-03-18). */
function formatHint(pattern: string, input: string): string | undefined {
  if (pattern === String(DATE_PATTERN)) {
    const iso = isoDateOf(input);
    return iso ? `write ${iso}` : undefined;
  }
  if (pattern === String(TIME_PATTERN)) {
    const t = timeOf(input);
    // Quoted: YAML 1.1 tools read 9:30 as a number of minutes.
    return t ? `write "${t}"` : undefined;
  }
  if (pattern === String(ID_PATTERN)) {
    // For a name (umlauts, spaces), not for markup or code.
    if (!/^[\p{L}\p{N}\s._\-/&(),+]+$/u.test(input)) return undefined;
    const id = idFor(input);
    return id && ID_PATTERN.test(id) ? `write ${id}` : undefined;
  }
  return undefined;
}

/** For a date or time of the wrong type (`time: 9.30` is the number 9.3 in YAML). */
function notationHint(message: string, input: unknown): string | undefined {
  if (message === TIME_EXPECTED && typeof input === 'number') {
    const t = timeOf(input);
    return t ? `write "${t}"` : undefined;
  }
  if (message === DATE_EXPECTED && typeof input === 'number') return 'write the date as YYYY-MM-DD, e.g. 2021-05-20';
  return undefined;
}

/**
 * `{ light: red, label: Tiefbau verzögert, Kosten steigen }`: inside { … } a comma ends the
 * value, so "Kosten steigen" becomes a key without a value; `{ actual: 1234,50 }` makes "50"
 * one. Such a key stands on the line of the value before it: that value is what needs quotes
 * (or a decimal point). The problem is put where the value starts, where the quote goes.
 */
function commaCut(raw: RawDeck, path: readonly PathSeg[], key: string): Problem | 'covered' | undefined {
  const parent = valueAt(raw.value, path);
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  const map = parent as Record<string, unknown>;
  if (map[key] !== null) return undefined;
  const pos = (k: string, kind: 'key' | 'value') => raw.locate([...path, k], kind);
  /** The entry written just before (or after) `k` on its line, if any. */
  const next = (k: string, dir: -1 | 1): string | undefined => {
    const at = pos(k, 'key');
    let best: { k: string; col: number } | undefined;
    for (const other of Object.keys(map)) {
      if (other === k) continue;
      const p = pos(other, map[other] === null ? 'key' : 'value');
      if (p.file !== at.file || p.line !== at.line || (p.col - at.col) * dir <= 0) continue;
      if (!best || (p.col - best.col) * dir < 0) best = { k: other, col: p.col };
    }
    return best?.k;
  };
  // Back over the other keys the commas made to the value they cut from; "a, b, c" is told
  // once, at the first of them.
  let prev = next(key, -1);
  let steps = 0;
  for (; prev !== undefined && map[prev] === null; steps++) prev = next(prev, -1);
  if (prev === undefined) return undefined;
  if (steps > 0) return typeof map[prev] === 'string' ? 'covered' : undefined;
  const parts = [key];
  for (let k = next(key, 1); k !== undefined && map[k] === null; k = next(k, 1)) parts.push(k);
  const value = map[prev];
  const at = pos(prev, 'value');
  const where = { ...at, path: formatPath([...path, prev]), severity: 'error' as const, code: 'comma-in-flow' };
  if (typeof value === 'string') {
    const whole = [value, ...parts].join(', ');
    return {
      ...where,
      message: `the text ends at the comma: inside { … } a comma separates entries, so ${parts.map((x) => JSON.stringify(x)).join(' and ')} became ${parts.length === 1 ? 'a key' : 'keys'} of ${parts.length === 1 ? 'its' : 'their'} own`,
      hint: `put text that contains a comma in quotes: ${prev}: ${JSON.stringify(whole)}`,
    };
  }
  if (typeof value === 'number' && Number.isInteger(value) && parts.length === 1 && /^\d+$/.test(key)) {
    return {
      ...where,
      message: `${value},${key} is read as ${value} and a key "${key}": inside { … } a comma separates entries`,
      hint: `write ${value}.${key} for ${value},${key}`,
    };
  }
  return undefined;
}

function hasPath(data: unknown, path: readonly PathSeg[]): boolean {
  let d = data;
  for (const seg of path) {
    if (d === null || typeof d !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(d, seg)) return false;
    d = (d as Record<string | number, unknown>)[seg];
  }
  return true;
}

export interface ValidationResult {
  deck?: ValidDeck;
  problems: Problem[];
}

/** Validates a loaded deck: schema, required keys, ids and references. All problems at once. */
export function validateDeck(raw: RawDeck): ValidationResult {
  const problems: Problem[] = [];
  const parsed = Deck.safeParse(raw.value, { reportInput: true });
  // A misspelt key (`affilation`) also leaves the real one missing; "did you mean" on the
  // unknown key says all there is to say, so the "missing" problem for the same field is dropped.
  const suggested = new Set<string>();
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      const known = knownKeys(Deck, raw.value, issue.path as PathSeg[]);
      for (const k of issue.keys) {
        const guess = didYouMean(k, known);
        if (guess) suggested.add(formatPath([...(issue.path as PathSeg[]), guess]));
      }
    }
    for (const issue of parsed.error.issues) {
      const missing = issue.code === 'invalid_type' && !hasPath(raw.value, issue.path as PathSeg[]);
      if (missing && suggested.has(formatPath(issue.path as PathSeg[]))) continue;
      problems.push(...issueToProblems(issue, raw));
    }
  }
  const value = raw.value && typeof raw.value === 'object' ? (raw.value as Record<string, unknown>) : {};
  for (const key of REQUIRED_DECK_KEYS) {
    if (value[key] === undefined && !suggested.has(key)) {
      const pos = raw.locate([], 'value');
      problems.push({ ...pos, file: raw.file, line: 1, col: 1, path: key, message: `a deck needs "${key}"`, severity: 'error' });
    }
  }
  const references = checkReferences(raw);
  // A name where an id belongs (`committee: Haupt- und Finanzausschuss`) is no id and no known
  // one: the reference problem, which names the id, says all there is to say.
  const unknown = new Set(references.filter((p) => p.code === 'unknown-id').map((p) => p.path));
  problems.push(...references);
  problems.push(...checkAgendaNumbers(raw));
  const unique = dedupe(problems.filter((p) => !(p.code === 'id-format' && unknown.has(p.path))));
  unique.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
  if (unique.some((p) => p.severity === 'error') || !parsed.success) return { problems: unique };
  return { deck: parsed.data as ValidDeck, problems: unique };
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.file}:${p.line}:${p.col}:${p.path}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Ids and references. Written defensively: it runs on data that may have failed the schema.

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A file name for a hint: relative to the project root (messages must not depend on the cwd). */
function shortPath(raw: RawDeck, file: string): string {
  if (!raw.root) return file;
  const r = relative(raw.root, file);
  return r.startsWith('..') || isAbsolute(r) ? file : r.split(sep).join('/');
}

function checkReferences(raw: RawDeck): Problem[] {
  const problems: Problem[] = [];
  const v = obj(raw.value);
  const err = (path: PathSeg[], message: string, hint?: string) => {
    const p: Problem = { ...raw.locate(path), path: formatPath(path), message, severity: 'error' };
    if (hint) p.hint = hint;
    problems.push(p);
  };

  const collectIds = (listPath: PathSeg[], label: string): string[] => {
    const list = arr(valueAt(v, listPath));
    const seen = new Map<string, number>();
    const ids: string[] = [];
    list.forEach((item, i) => {
      const id = str(obj(item).id);
      if (id === undefined) return;
      if (seen.has(id)) {
        const first = raw.locate([...listPath, seen.get(id)!, 'id']);
        const here = raw.locate([...listPath, i, 'id']);
        const where = first.file === here.file ? '' : `${shortPath(raw, first.file)}, `;
        err([...listPath, i, 'id'], `duplicate ${label} id "${id}"`, `first defined at ${where}line ${first.line}, column ${first.col}`);
      } else seen.set(id, i);
      ids.push(id);
    });
    return ids;
  };

  const committees = collectIds(['committees'], 'committee');
  const activities = collectIds(['activities'], 'activity');
  const networks = collectIds(['networks'], 'network');
  const recommendations = collectIds(['itBeirat', 'recommendations'], 'recommendation');
  collectIds(['itBeirat', 'members'], 'member');
  collectIds(['slides'], 'slide');

  /** Folded name → id, so that a name written where the id belongs finds its id. */
  const namesOf = (listPath: PathSeg[], fields: string[]): Map<string, string> => {
    const m = new Map<string, string>();
    for (const item of arr(valueAt(v, listPath))) {
      const o = obj(item);
      const id = str(o.id);
      if (id === undefined) continue;
      for (const f of fields) {
        const name = str(o[f]);
        if (name && !m.has(foldWord(name))) m.set(foldWord(name), id);
      }
    }
    return m;
  };
  const names = {
    committee: namesOf(['committees'], ['name', 'shortName']),
    activity: namesOf(['activities'], ['title']),
    network: namesOf(['networks'], ['name']),
    recommendation: namesOf(['itBeirat', 'recommendations'], ['title']),
  };

  const ref = (path: PathSeg[], id: unknown, known: string[], label: keyof typeof names) => {
    if (typeof id !== 'string') return;
    if (known.includes(id)) return;
    const byName = names[label].get(foldWord(id));
    const guess = byName ?? didYouMean(id, known) ?? didYouMean(idFor(id), known);
    const plural = label === 'activity' ? 'activities' : `${label}s`;
    const list = known.length ? `known ${label} ids: ${known.join(', ')}` : `no ${plural} are defined`;
    const why = byName && foldWord(byName) !== foldWord(id) ? `, the id of ${JSON.stringify(id)}` : '';
    const p: Problem = { ...raw.locate(path), path: formatPath(path), message: `unknown ${label} id "${id}"`, severity: 'error', code: 'unknown-id' };
    p.hint = guess ? `did you mean "${guess}"${why}? ${list}` : list;
    problems.push(p);
  };

  const session = obj(v.session);
  if (v.session !== undefined) ref(['session', 'committee'], session.committee, committees, 'committee');
  arr(obj(v.paper).consultations).forEach((c, i) =>
    ref(['paper', 'consultations', i, 'committee'], obj(c).committee, committees, 'committee'),
  );
  arr(obj(v.itBeirat).recommendations).forEach((r, i) =>
    arr(obj(r).activities).forEach((a, j) => ref(['itBeirat', 'recommendations', i, 'activities', j], a, activities, 'activity')),
  );
  // What each slide type refers to is said by its module (src/slides/<type>.ts).
  const known = { activity: activities, network: networks, recommendation: recommendations };
  arr(v.slides).forEach((s, i) => {
    for (const r of slideReferences(obj(s))) ref(['slides', i, ...r.path], r.id, known[r.kind], r.kind);
  });
  return problems;
}

/**
 * "N 3" on something public: the number says non-public, the data does not (a public build would
 * show it). A warning at the number; `public: false` is what decides.
 */
function checkAgendaNumbers(raw: RawDeck): Problem[] {
  const problems: Problem[] = [];
  const v = obj(raw.value);
  const warn = (path: PathSeg[], top: string, hint: string) =>
    problems.push({
      ...raw.locate(path),
      path: formatPath(path),
      message: `agenda item "${top}" is numbered as non-public, but it is not marked public: false`,
      hint,
      severity: 'warning',
      code: 'nonpublic-agenda-number',
    });
  const session = obj(v.session);
  const top = str(session.agendaItem);
  if (top && isNonpublicAgendaNumber(top) && session.public !== false) {
    warn(['session', 'agendaItem'], top, 'if the item is non-public, set session.public: false (the deck is then built only with --nonpublic); otherwise use its Ö number');
  }
  arr(obj(v.paper).consultations).forEach((c, i) => {
    const t = str(obj(c).agendaItem);
    if (t && isNonpublicAgendaNumber(t) && obj(c).public !== false) warn(['paper', 'consultations', i, 'agendaItem'], t, 'add public: false to this consultation, or use its Ö number');
  });
  arr(v.slides).forEach((s, i) => {
    const slide = obj(s);
    if (slide.public === false) return;
    arr(slide.items).forEach((it, j) => {
      const t = str(obj(it).agendaItem);
      if (t && isNonpublicAgendaNumber(t) && obj(it).public !== false) warn(['slides', i, 'items', j, 'agendaItem'], t, 'add public: false to this agenda entry (a public build then shows only its number), or use its Ö number');
    });
  });
  return problems;
}
