/**
 * SVG images are sanitised when they are copied into a deck (issue 9: opened from the output
 * folder, an SVG is a document whose scripts run). This module is the only one that loads
 * DOMPurify and jsdom.
 *
 * DOMPurify is the sanitiser security reviewers maintain for exactly this (SVG profile, namespace
 * checks); on Node it needs a DOM, and its authors support jsdom only (happy-dom "not safe").
 * jsdom is heavy (0.85–1 s of CPU to load, measured on the 2-core dev machine; DOMPurify 11 ms),
 * so both are loaded when the first SVG is copied, never for a deck without one, and never by
 * `validate`: what cannot be trusted (not well-formed, not an SVG document, entity declarations)
 * is found by saxes, the XML parser jsdom itself parses with, which loads in 7 ms.
 *
 * On top of DOMPurify (scripts, on* handlers, foreignObject, javascript: URLs), everything that
 * would load something is removed: href/xlink:href except to a #fragment (or data:image on an
 * image), url() in attributes except #fragment or data:, and <style> elements that reference
 * anything else. The result refers to nothing outside itself.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type { DOMPurify } from 'dompurify';
import type * as Saxes from 'saxes';
import { ExitCode, RatsdeckError } from '../errors.js';
import { cssIsSelfContained, urlText } from './css.js';
import { derived } from '../output/cache.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const PARSER_ERROR_NS = 'http://www.mozilla.org/newlayout/xml/parsererror.xml';

interface Engine {
  window: Window & typeof globalThis;
  purify: DOMPurify;
}
let engine: Engine | undefined;
const require = createRequire(import.meta.url);

/** Synchronous and lazy: the bundle stage is synchronous, and decks without SVG never load it. */
function load(): Engine {
  if (engine) return engine;
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: Window & typeof globalThis } };
  // No scripts, no resource loading: jsdom's defaults, relied on here.
  const window = new JSDOM('').window;
  const createPurify = require('dompurify') as (w: Window) => DOMPurify;
  engine = { window, purify: createPurify(window) };
  return engine;
}

export type SvgResult = { ok: true; svg: string } | { ok: false; reason: string };

const refusals = new Map<string, SvgResult>();

/** The text of an SVG file: UTF-8 unless a BOM or the XML declaration says otherwise. */
function decode(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  }
  const label = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  if (!label || /^utf-?8$/i.test(label)) return bytes.toString('utf8');
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return undefined;
  }
}

function isLocal(value: string): boolean {
  return urlText(value).startsWith('#');
}

/** Removes what would load or run something and DOMPurify keeps: external links, url()s, styles. */
function stripReferences(root: Element): void {
  const els = [root, ...root.getElementsByTagName('*')];
  for (const el of els) {
    if (!el.isConnected && el !== root) continue;
    if (el.localName === 'style') {
      if (!cssIsSelfContained(el.textContent ?? '', 'stylesheet')) el.remove();
      continue;
    }
    for (const attr of [...el.attributes]) {
      const v = attr.value;
      let keep = true;
      if (attr.localName === 'href') {
        const image = el.localName === 'image' || el.localName === 'feImage';
        keep = isLocal(v) || (image && /^data:image\//i.test(urlText(v)));
      } else if (/[(\\]/.test(v)) {
        // Presentation attributes are CSS values: fill="url(http://…)" would load.
        keep = cssIsSelfContained(v, attr.localName === 'style' ? 'declarationList' : 'value');
      }
      if (!keep) el.removeAttributeNode(attr);
    }
  }
}

/**
 * Sanitises an SVG document; refuses what it cannot trust. A clean result is kept by the
 * digest of the file (output/cache.ts: jsdom is loaded only for an SVG not cleaned before);
 * a refusal is kept in memory only.
 */
export function sanitizeSvg(bytes: Buffer): SvgResult {
  const key = createHash('sha256').update(bytes).digest('hex');
  const refused = refusals.get(key);
  if (refused) return refused;
  let failure: SvgResult | undefined;
  const svg = derived('svg', [bytes], () => {
    const r = clean(bytes);
    if (r.ok) return r.svg;
    failure = r;
    return undefined;
  });
  if (svg !== undefined) return { ok: true, svg };
  refusals.set(key, failure!);
  return failure!;
}

function notWellFormed(message: string): { ok: false; reason: string } {
  const detail = message.trim().split('\n')[0]?.replace(/\.$/, '') ?? '';
  const at = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/.exec(detail);
  return { ok: false, reason: `is not well-formed XML${at ? ` (line ${at[1]}, column ${at[2]}: ${at[3]})` : detail ? ` (${detail})` : ''}` };
}

/**
 * What makes an SVG untrustworthy, found without a DOM: the text, entity declarations, and
 * whether saxes (with namespaces, as jsdom runs it) reads it as an SVG document.
 */
function precheck(bytes: Buffer): { ok: true; text: string } | { ok: false; reason: string } {
  const text = decode(bytes);
  if (text === undefined) return { ok: false, reason: 'is in a character encoding ratsdeck cannot read (save it as UTF-8)' };
  // Entity declarations can expand into markup or grow without bound; SVG editors do not write them.
  if (/<!ENTITY/i.test(text)) return { ok: false, reason: 'declares XML entities (<!ENTITY …>), which ratsdeck does not expand' };
  const { SaxesParser } = require('saxes') as typeof Saxes;
  const parser = new SaxesParser({ xmlns: true });
  let error: string | undefined;
  let root: { local: string; uri: string } | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  parser.on('opentag', (tag) => {
    root ??= { local: tag.local, uri: tag.uri };
  });
  try {
    parser.write(text).close();
  } catch (e) {
    error ??= e instanceof Error ? e.message : String(e);
  }
  if (error !== undefined) return notWellFormed(error);
  if (!root) return notWellFormed('document must contain a root element');
  if (root.local !== 'svg' || root.uri !== SVG_NS) {
    const what = root.local === 'svg' ? '<svg> without xmlns="http://www.w3.org/2000/svg"' : `<${root.local}>`;
    return { ok: false, reason: `is not an SVG document: its root element is ${what}` };
  }
  return { ok: true, text };
}

function clean(bytes: Buffer): SvgResult {
  const pre = precheck(bytes);
  if (!pre.ok) return pre;
  const { window, purify } = load();
  const doc = new window.DOMParser().parseFromString(pre.text, 'image/svg+xml');
  const root = doc.documentElement;
  // Same parser as precheck(); checked again all the same, since this is what is written.
  if (root.namespaceURI === PARSER_ERROR_NS || root.getElementsByTagNameNS(PARSER_ERROR_NS, 'parsererror').length > 0) {
    return notWellFormed(root.textContent ?? '');
  }
  if (root.localName !== 'svg' || root.namespaceURI !== SVG_NS) return { ok: false, reason: 'is not an SVG document' };
  // DOMPurify drops CDATA sections; a stylesheet inside one should survive as text.
  const walker = doc.createTreeWalker(root, 0x8 /* NodeFilter.SHOW_CDATA_SECTION */);
  const cdata: Node[] = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) cdata.push(n);
  for (const n of cdata) n.parentNode?.replaceChild(doc.createTextNode(n.nodeValue ?? ''), n);
  try {
    // <use> is on DOMPurify's deny list for its external references; only #fragments stay (stripReferences).
    purify.sanitize(root, { IN_PLACE: true, USE_PROFILES: { svg: true, svgFilters: true }, ADD_TAGS: ['use'] });
  } catch (err) {
    return { ok: false, reason: `cannot be cleaned safely (${err instanceof Error ? err.message : String(err)})` };
  }
  stripReferences(root);
  return { ok: true, svg: new window.XMLSerializer().serializeToString(root) };
}

export function isSvg(file: string): boolean {
  return extname(file).toLowerCase() === '.svg';
}

/**
 * Why an SVG file cannot go into a deck, or undefined: for validation, at the image's position.
 * Does not load the sanitiser (precheck() finds everything it would refuse).
 */
export function svgFileProblem(file: string): string | undefined {
  if (!isSvg(file)) return undefined;
  const r = precheck(readFileSync(file));
  return r.ok ? undefined : r.reason;
}

export const SVG_HINT = 'open it in a drawing program and save it again as plain SVG, or use a PNG';

/** The bytes a file of the deck is written with: an SVG sanitised, anything else as it is. */
export function deckFileBytes(file: string): Buffer {
  const bytes = readFileSync(file);
  if (!isSvg(file)) return bytes;
  const r = sanitizeSvg(bytes);
  if (!r.ok) throw new RatsdeckError(`${file}: the SVG ${r.reason}`, { exitCode: ExitCode.INVALID_DATA, hint: SVG_HINT });
  return Buffer.from(r.svg, 'utf8');
}
