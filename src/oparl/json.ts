/**
 * JSON as RIS servers send it. One ALLRIS server put raw control characters (U+0001 …) inside
 * strings, which JSON.parse refuses (shared/oparl README, quirk 8). Inside a string they can
 * only be text, so they are escaped and the text is parsed again; the caller warns. Anything
 * else that is not JSON stays an error that names where it came from.
 */
import { OparlError } from './errors.js';

export interface ParsedJson {
  value: unknown;
  /** Raw control characters inside strings were escaped to make it parse. */
  repaired: boolean;
}

/** Escapes U+0000–U+001F inside JSON strings (outside them they are whitespace or an error anyway). */
export function escapeControlCharacters(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const code = ch.charCodeAt(0);
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      else if (code < 0x20) {
        out += `\\u${code.toString(16).padStart(4, '0')}`;
        continue;
      }
    } else if (ch === '"') inString = true;
    out += ch;
  }
  return out;
}

/** LINE:COL (1-based) of a JSON.parse error, where its message gives the position. */
function lineCol(text: string, message: string): string | undefined {
  const at = /at position (\d+)/.exec(message);
  const pos = at ? Number(at[1]) : /Unexpected end of JSON input/.test(message) ? text.length : undefined;
  if (pos === undefined) return undefined;
  const before = text.slice(0, pos).split(/\r\n|\r|\n/);
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** Parses an answer or a saved file (`from`); `where` (a URL or path) names it in the error. */
export function parseOparlJson(text: string, where: string, from: 'answer' | 'file' = 'answer'): ParsedJson {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { value: JSON.parse(body), repaired: false };
  } catch (first) {
    const fixed = escapeControlCharacters(body);
    if (fixed !== body) {
      try {
        return { value: JSON.parse(fixed), repaired: true };
      } catch {
        // Not only control characters: report the first error, on the text as sent.
      }
    }
    const why = (first as Error).message;
    const looksHtml = /^\s*</.test(body);
    if (from === 'file') {
      const at = lineCol(body, why);
      throw new OparlError(where, 'json', `${where}${at ? `:${at}` : ''}: not OParl: the file is not valid JSON (${why})`, {
        hint: looksHtml ? 'it looks like a saved web page: save the answer of the OParl interface (JSON) instead' : 'save the OParl object again from the council information system, or give its URL',
        cause: first,
      });
    }
    throw new OparlError(where, 'json', `${where}: not OParl: the answer is not valid JSON (${why})`, {
      hint: looksHtml
        ? 'it looks like a web page: use the address of the OParl interface (it answers with JSON), not the RIS web page'
        : 'the server sent broken JSON; save what it sent and report it to the RIS vendor',
      cause: first,
    });
  }
}
