/**
 * An incremental update of a PDF as Chromium writes it (issue 15): the printed file is kept
 * byte for byte, and the objects ratsdeck changes (catalog, Info) and adds (XMP, outline) are
 * appended after it with a cross-reference section of their own, as PDF 1.4, 3.4.5 allows.
 * Re-parsing and re-writing the whole file with pdf-lib cost about a third of a second per
 * PDF; this reads only the objects it needs.
 *
 * The reader knows only what Chromium (Skia) writes: one classic cross-reference table, no
 * object streams, no cross-reference streams, no encryption, no earlier updates. For any other
 * file `readPrintedPdf` returns undefined and pdfdoc.ts re-writes it with pdf-lib.
 */

const Ch = {
  Tab: 0x09,
  LF: 0x0a,
  FF: 0x0c,
  CR: 0x0d,
  Space: 0x20,
  Percent: 0x25,
  LParen: 0x28,
  RParen: 0x29,
  Slash: 0x2f,
  Lt: 0x3c,
  Gt: 0x3e,
  LBracket: 0x5b,
  Backslash: 0x5c,
  RBracket: 0x5d,
  LBrace: 0x7b,
  RBrace: 0x7d,
} as const;

/** A parsed PDF value with the bytes it was written as (`start`..`end` in the file). */
export type PdfValue =
  | { t: 'dict'; start: number; end: number; entries: Map<string, PdfValue>; keyStart: Map<string, number> }
  | { t: 'array'; start: number; end: number; items: PdfValue[] }
  | { t: 'ref'; start: number; end: number; num: number; gen: number }
  | { t: 'name'; start: number; end: number; name: string }
  | { t: 'string'; start: number; end: number; bytes: Uint8Array }
  | { t: 'number'; start: number; end: number; value: number }
  | { t: 'bool'; start: number; end: number; value: boolean }
  | { t: 'null'; start: number; end: number };
export type PdfDict = Extract<PdfValue, { t: 'dict' }>;
type PdfArray = Extract<PdfValue, { t: 'array' }>;
type PdfRef = Extract<PdfValue, { t: 'ref' }>;

class Unreadable extends Error {}

const isWhite = (c: number | undefined) => c === 0 || c === Ch.Tab || c === Ch.LF || c === Ch.FF || c === Ch.CR || c === Ch.Space;
const isDelim = (c: number | undefined) =>
  c === Ch.LParen || c === Ch.RParen || c === Ch.Lt || c === Ch.Gt || c === Ch.LBracket || c === Ch.RBracket || c === Ch.LBrace || c === Ch.RBrace || c === Ch.Slash || c === Ch.Percent;
const hexValue = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/** Reads PDF objects from the bytes of a file. */
class Lexer {
  pos = 0;
  /** The file as Latin-1 text: one character per byte, so offsets are the same. */
  readonly text: string;
  constructor(readonly b: Uint8Array, text?: string) {
    this.text = text ?? latin1(b);
  }

  skipWhite(): void {
    const b = this.b;
    for (;;) {
      while (this.pos < b.length && isWhite(b[this.pos])) this.pos++;
      if (b[this.pos] !== Ch.Percent) return;
      while (this.pos < b.length && b[this.pos] !== Ch.LF && b[this.pos] !== Ch.CR) this.pos++;
    }
  }

  /** A run of regular characters (a number, a keyword). */
  word(): string {
    this.skipWhite();
    const start = this.pos;
    while (this.pos < this.b.length && !isWhite(this.b[this.pos]) && !isDelim(this.b[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  value(depth = 0): PdfValue {
    if (depth > 64) throw new Unreadable('nested too deeply');
    this.skipWhite();
    const b = this.b;
    const start = this.pos;
    const c = b[start];
    if (c === undefined) throw new Unreadable('unexpected end');
    if (c === Ch.Lt && b[start + 1] === Ch.Lt) {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      const keyStart = new Map<string, number>();
      for (;;) {
        this.skipWhite();
        if (b[this.pos] === Ch.Gt && b[this.pos + 1] === Ch.Gt) {
          this.pos += 2;
          return { t: 'dict', start, end: this.pos, entries, keyStart };
        }
        const key = this.value(depth + 1);
        if (key.t !== 'name') throw new Unreadable('a dictionary key that is no name');
        const v = this.value(depth + 1);
        entries.set(key.name, v);
        keyStart.set(key.name, key.start);
      }
    }
    if (c === Ch.Lt) return this.hexString(start);
    if (c === Ch.LParen) return this.literalString(start);
    if (c === Ch.LBracket) {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipWhite();
        if (b[this.pos] === Ch.RBracket) {
          this.pos++;
          return { t: 'array', start, end: this.pos, items };
        }
        items.push(this.value(depth + 1));
      }
    }
    if (c === Ch.Slash) {
      this.pos++;
      while (this.pos < b.length && !isWhite(b[this.pos]) && !isDelim(b[this.pos])) this.pos++;
      const raw = this.text.slice(start + 1, this.pos);
      return { t: 'name', start, end: this.pos, name: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) };
    }
    const w = this.word();
    if (w === 'true' || w === 'false') return { t: 'bool', start, end: this.pos, value: w === 'true' };
    if (w === 'null') return { t: 'null', start, end: this.pos };
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) throw new Unreadable(`unexpected "${w}"`);
    // `N G R`: a reference; look ahead without consuming anything else.
    const after = this.pos;
    if (/^\d+$/.test(w)) {
      const gen = this.word();
      if (/^\d+$/.test(gen) && this.word() === 'R') return { t: 'ref', start, end: this.pos, num: Number(w), gen: Number(gen) };
    }
    this.pos = after;
    return { t: 'number', start, end: after, value: Number(w) };
  }

  hexString(start: number): PdfValue {
    const b = this.b;
    this.pos++;
    const out: number[] = [];
    let hi = -1;
    for (;;) {
      const c = b[this.pos++];
      if (c === undefined) throw new Unreadable('unclosed hex string');
      if (c === Ch.Gt) break;
      if (isWhite(c)) continue;
      const v = hexValue(c);
      if (v < 0) throw new Unreadable('bad hex string');
      if (hi < 0) hi = v;
      else {
        out.push(hi * 16 + v);
        hi = -1;
      }
    }
    if (hi >= 0) out.push(hi * 16);
    return { t: 'string', start, end: this.pos, bytes: Uint8Array.from(out) };
  }

  literalString(start: number): PdfValue {
    const b = this.b;
    this.pos++;
    const out: number[] = [];
    let depth = 1;
    for (;;) {
      const c = b[this.pos++];
      if (c === undefined) throw new Unreadable('unclosed string');
      if (c === Ch.LParen) depth++;
      else if (c === Ch.RParen && --depth === 0) break;
      if (c !== Ch.Backslash) {
        out.push(c);
        continue;
      }
      const e = b[this.pos++];
      if (e === undefined) throw new Unreadable('unclosed string');
      const simple: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };
      if (e in simple) out.push(simple[e]!);
      else if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30;
        for (let i = 0; i < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; i++) v = v * 8 + (b[this.pos++]! - 0x30);
        out.push(v & 0xff);
      } else if (e === Ch.CR) {
        if (b[this.pos] === Ch.LF) this.pos++;
      } else if (e !== Ch.LF) out.push(e);
    }
    return { t: 'string', start, end: this.pos, bytes: Uint8Array.from(out) };
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** A string's text: UTF-16BE with its byte order mark, else PDFDocEncoding (read as Latin-1). */
export function pdfText(v: PdfValue | undefined): string | undefined {
  if (v?.t !== 'string') return undefined;
  const b = v.bytes;
  if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2));
  return latin1(b);
}

/** Text as a PDF string: UTF-16BE hex with a byte order mark (any language, any character). */
export function hexText(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** ASCII text as a literal PDF string. */
export function literalAscii(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`not printable ASCII: ${text}`);
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A printed PDF, read as far as the update needs it. */
export class PrintedPdf {
  readonly #lex: Lexer;
  readonly #offsets: Map<number, { offset: number; gen: number }>;
  readonly #cache = new Map<number, PdfValue>();
  readonly trailer: PdfDict;
  readonly xrefOffset: number;
  readonly size: number;

  constructor(readonly bytes: Uint8Array, text: string, xrefOffset: number, offsets: Map<number, { offset: number; gen: number }>, trailer: PdfDict, size: number) {
    this.#lex = new Lexer(bytes, text);
    this.#offsets = offsets;
    this.trailer = trailer;
    this.xrefOffset = xrefOffset;
    this.size = size;
  }

  /** The object with this number (its value; for a stream, its dictionary). */
  object(num: number): PdfValue {
    const hit = this.#cache.get(num);
    if (hit) return hit;
    const at = this.#offsets.get(num);
    if (!at) throw new Unreadable(`object ${num} is not in the cross-reference table`);
    const lex = this.#lex;
    lex.pos = at.offset;
    if (lex.word() !== String(num) || lex.word() !== String(at.gen) || lex.word() !== 'obj') throw new Unreadable(`object ${num} is not where the table says`);
    const v = lex.value();
    this.#cache.set(num, v);
    return v;
  }

  /** A value with a reference followed (once: PDF allows no reference to a reference here). */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    return v?.t === 'ref' ? this.object(v.num) : v;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    const d = this.resolve(v);
    return d?.t === 'dict' ? d : undefined;
  }

  /** The bytes a value was written as. */
  raw(v: PdfValue): string {
    return this.#lex.text.slice(v.start, v.end);
  }

  catalogRef(): PdfRef {
    const root = this.trailer.entries.get('Root');
    if (root?.t !== 'ref') throw new Unreadable('no /Root');
    // The update writes its new version as generation 0.
    if (root.gen !== 0) throw new Unreadable('a catalog of another generation');
    return root;
  }

  catalog(): PdfDict {
    const c = this.dict(this.catalogRef());
    if (!c) throw new Unreadable('the catalog is no dictionary');
    return c;
  }

  /** The pages in order, as references, from the page tree. */
  pages(): PdfRef[] {
    const out: PdfRef[] = [];
    const seen = new Set<number>();
    const walk = (ref: PdfValue | undefined, depth: number) => {
      if (ref?.t !== 'ref' || seen.has(ref.num) || depth > 32) throw new Unreadable('a page tree that is not a tree');
      seen.add(ref.num);
      const node = this.dict(ref);
      const type = node?.entries.get('Type');
      if (type?.t === 'name' && type.name === 'Page') {
        out.push(ref);
        return;
      }
      const kids = this.resolve(node?.entries.get('Kids'));
      if (kids?.t !== 'array') throw new Unreadable('a page tree node without /Kids');
      for (const k of kids.items) walk(k, depth + 1);
    };
    walk(this.catalog().entries.get('Pages'), 0);
    return out;
  }

  /** The catalog's /Dests: name → destination array (PDF 1.1 named destinations, as Chromium writes them). */
  namedDestinations(): Map<string, PdfArray> {
    const out = new Map<string, PdfArray>();
    const dests = this.dict(this.catalog().entries.get('Dests'));
    if (!dests) return out;
    for (const [name, value] of dests.entries) {
      const v = this.resolve(value);
      const arr = v?.t === 'array' ? v : v?.t === 'dict' ? this.resolve(v.entries.get('D')) : undefined;
      if (arr?.t === 'array') out.set(name, arr);
    }
    return out;
  }
}

/**
 * Reads the cross-reference table and trailer of a PDF printed by Chromium; undefined for a
 * file of another kind (see the module comment), which the caller then re-writes whole.
 */
export function readPrintedPdf(bytes: Uint8Array): PrintedPdf | undefined {
  try {
    const tail = latin1(bytes.subarray(Math.max(0, bytes.length - 64)));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) return undefined;
    const xrefOffset = Number(m[1]);
    const lex = new Lexer(bytes);
    lex.pos = xrefOffset;
    if (lex.word() !== 'xref') return undefined;
    const offsets = new Map<number, { offset: number; gen: number }>();
    for (;;) {
      const first = lex.word();
      if (first === 'trailer') break;
      const count = lex.word();
      if (!/^\d+$/.test(first) || !/^\d+$/.test(count)) return undefined;
      lex.skipWhite();
      for (let i = 0; i < Number(count); i++) {
        const e = /^(\d{10}) (\d{5}) ([nf])/.exec(lex.text.slice(lex.pos, lex.pos + 20));
        if (!e) return undefined;
        if (e[3] === 'n') offsets.set(Number(first) + i, { offset: Number(e[1]), gen: Number(e[2]) });
        lex.pos += 20;
      }
    }
    const trailer = lex.value();
    if (trailer.t !== 'dict') return undefined;
    // Earlier updates, cross-reference streams and encryption are for pdf-lib to handle.
    for (const key of ['Prev', 'XRefStm', 'Encrypt']) if (trailer.entries.has(key)) return undefined;
    const size = trailer.entries.get('Size');
    if (size?.t !== 'number' || !Number.isInteger(size.value)) return undefined;
    const pdf = new PrintedPdf(bytes, lex.text, xrefOffset, offsets, trailer, size.value);
    pdf.catalog();
    return pdf;
  } catch (err) {
    if (err instanceof Unreadable) return undefined;
    throw err;
  }
}

/** Whether reading the file failed because it is not of the kind this module reads. */
export function isUnreadable(err: unknown): boolean {
  return err instanceof Unreadable;
}

/**
 * A dictionary written again with some entries replaced, added (`set`, values as PDF source)
 * or removed (`undefined`); every other entry keeps the bytes it was written as.
 */
export function rewriteDict(pdf: PrintedPdf, dict: PdfDict | undefined, set: Record<string, string | undefined>): string {
  const parts: string[] = [];
  if (dict) {
    for (const [key, value] of dict.entries) {
      if (key in set) continue;
      parts.push(pdf.raw({ t: 'null', start: dict.keyStart.get(key)!, end: value.end }));
    }
  }
  for (const [key, value] of Object.entries(set)) if (value !== undefined) parts.push(`/${key} ${value}`);
  return `<<${parts.join('\n')}>>`;
}

/** Appends objects to a printed PDF as an incremental update. */
export class PdfUpdate {
  readonly #objects = new Map<number, Uint8Array>();
  readonly #blanked: PdfDict[] = [];
  #next: number;

  constructor(readonly pdf: PrintedPdf) {
    this.#next = pdf.size;
  }

  /** A number for a new object. */
  newObject(): number {
    return this.#next++;
  }

  /** Writes object `num` (a new one, or a new version of an existing one) with this PDF source. */
  set(num: number, source: string | Uint8Array): void {
    this.#objects.set(num, typeof source === 'string' ? encodeLatin1(source) : source);
  }

  /**
   * Empties a superseded dictionary where it stands (`<<` and `>>` with spaces between, the
   * same length, so every offset stays): Chromium's Info holds the time of printing, which
   * would otherwise stay in the file and make every print of the same deck differ.
   */
  blank(dict: PdfDict): void {
    this.#blanked.push(dict);
  }

  /** A stream object: its dictionary entries besides /Length, and its bytes as they are. */
  stream(num: number, dict: string, data: Uint8Array): void {
    const head = encodeLatin1(`<<${dict} /Length ${data.length}>>\nstream\n`);
    const tail = encodeLatin1('\nendstream');
    const out = new Uint8Array(head.length + data.length + tail.length);
    out.set(head, 0);
    out.set(data, head.length);
    out.set(tail, head.length + data.length);
    this.#objects.set(num, out);
  }

  /** The file with the update appended: the new objects, their cross-reference section and a trailer. */
  bytes(trailer: Record<string, string | undefined>): Uint8Array {
    let original = this.pdf.bytes;
    if (this.#blanked.length) {
      original = original.slice();
      for (const d of this.#blanked) original.fill(Ch.Space, d.start + 2, d.end - 2);
    }
    const chunks: Uint8Array[] = [original];
    let offset = original.length;
    const push = (b: Uint8Array) => {
      chunks.push(b);
      offset += b.length;
    };
    // The original ends with %%EOF and, from Chromium, a line break; make sure of the latter.
    const last = this.pdf.bytes[this.pdf.bytes.length - 1];
    if (last !== Ch.LF && last !== Ch.CR) push(encodeLatin1('\n'));
    const at = new Map<number, number>();
    for (const num of [...this.#objects.keys()].sort((a, b) => a - b)) {
      at.set(num, offset);
      push(encodeLatin1(`${num} 0 obj\n`));
      push(this.#objects.get(num)!);
      push(encodeLatin1('\nendobj\n'));
    }
    const xref = offset;
    let table = 'xref\n';
    const nums = [...at.keys()].sort((a, b) => a - b);
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      table += `${nums[i]} ${j - i + 1}\n`;
      for (let k = i; k <= j; k++) table += `${String(at.get(nums[k]!)).padStart(10, '0')} 00000 n \n`;
      i = j + 1;
    }
    const size = Math.max(this.#next, this.pdf.size);
    const id = this.pdf.trailer.entries.get('ID');
    const dict = rewriteDict(this.pdf, this.pdf.trailer, {
      Size: String(size),
      Prev: String(this.pdf.xrefOffset),
      ...(id ? { ID: this.pdf.raw(id) } : {}),
      ...trailer,
    });
    push(encodeLatin1(`${table}trailer\n${dict}\nstartxref\n${xref}\n%%EOF\n`));
    const out = new Uint8Array(offset);
    let p = 0;
    for (const c of chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }
}

function encodeLatin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw new Error('PDF source must be Latin-1');
    out[i] = c;
  }
  return out;
}
