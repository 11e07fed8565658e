/**
 * Names without consent typed into free text: every text a public build carries (slide text,
 * notes, alt text, meeting topics, recommendations, custom _data, a frozen snapshot, the
 * changes) is searched for the names of members who may not be named. The full name is an
 * error at the text's position, the surname alone a warning. The member's own `name:` field is
 * not a finding: selection withholds it. Messages give positions, never the name. Pure.
 */
import type { Problem, SourcePos } from '../errors.js';
import type { PathSeg } from '../model/raw.js';
import { formatPath, isNotText } from './paths.js';
import type { NameRules } from './names.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export interface Text {
  text: string;
  path: PathSeg[];
}

/**
 * The texts of a value that a public build keeps: not below `public: false`, not in objects in
 * `dropped`, not a member's own name, not ids (a recommendation's `activities:` is a list of ids).
 */
export function publicTexts(value: unknown, path: PathSeg[] = [], dropped?: Set<object>, out: Text[] = []): Text[] {
  if (typeof value === 'string') {
    const memberName = path[path.length - 1] === 'name' && path[path.length - 3] === 'members' && path[path.length - 4] === 'itBeirat';
    if (!isNotText(path) && !memberName) out.push({ text: value, path });
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => publicTexts(v, [...path, i], dropped, out));
    return out;
  }
  if (!isObject(value) || value.public === false || dropped?.has(value)) return out;
  for (const [k, v] of Object.entries(value)) publicTexts(v, [...path, k], dropped, out);
  return out;
}

export interface TextSource {
  texts: Text[];
  /** Where a text is written. */
  locate(t: Text): SourcePos;
  /** Prefix for the problem's path (e.g. `data.` for custom data). */
  prefix?: string;
  /** What to do about a full name here, when it is not simply editing the text. */
  hint?: string;
}

/** One problem per protected name found in a text. */
export function scanNames(sources: TextSource[], names: NameRules): Problem[] {
  const out: Problem[] = [];
  if (!names.withheld.length) return out;
  for (const src of sources) {
    for (const t of src.texts) {
      for (const hit of names.find(t.text)) {
        const pos = src.locate(t);
        const who = hit.name.who;
        const path = `${src.prefix ?? ''}${formatPath(t.path)}`;
        out.push(
          hit.kind === 'full'
            ? {
                ...pos,
                path,
                severity: 'error',
                code: 'name-without-consent',
                message: `names an IT-Beirat member who has not consented to the publication of their name (${who}); a public build would publish it`,
                hint: src.hint ?? 'remove the name from this text, or record the consent (consent: true); text that must name them belongs in an entry with public: false',
              }
            : {
                ...pos,
                path,
                severity: 'warning',
                code: 'surname-without-consent',
                message: `has the surname of an IT-Beirat member who has not consented to the publication of their name (${who})`,
                hint: 'if it means that person, remove the name or record the consent (consent: true)',
              },
        );
      }
    }
  }
  // In file order, like validation's problems.
  return out.sort((a, b) => (a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1));
}
