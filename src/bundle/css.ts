/**
 * Stylesheets read with a real CSS parser (css-tree; the only module that loads it). Every
 * reference a browser could follow — url() in any spelling, src(), image-set() and its
 * relatives, @import — is found in the syntax tree, checked, and rewritten there; the CSS that
 * is written is generated from that tree and checked once more, so what is checked is what is
 * written (issue 9: the regexes before missed `@import"…"`, `URL(…)`, `u\72l(…)`, image-set()).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import type * as CssTree from 'css-tree';
import { InvalidDataError, type Problem } from '../errors.js';
import { derived } from '../output/cache.js';

interface Engine {
  parse: typeof CssTree.parse;
  walk: typeof CssTree.walk;
  generate: typeof CssTree.generate;
  tokenize: (css: string, onToken: (type: number, start: number, end: number) => void) => void;
  tokenTypes: Record<'AtKeyword' | 'BadUrl' | 'Function' | 'Url', number>;
  ident: typeof CssTree.ident;
  url: typeof CssTree.url;
}
let engine: Engine | undefined;

/** Set (to true) by scripts/bundle.mjs in the bundled command line. */
declare const __RATSDECK_BUNDLE__: boolean | undefined;

type Parts = [parse: unknown, walk: unknown, generate: unknown, tokenizer: unknown, utils: unknown];

/**
 * In the bundled command line: calls of the plain `require`, which esbuild bundles (css-tree
 * then loads in 0.04 s instead of 0.4 s, issue 15). Never called elsewhere.
 */
function bundledParts(): Parts {
  return [require('css-tree/parser'), require('css-tree/walker'), require('css-tree/generator'), require('css-tree/tokenizer'), require('css-tree/utils')];
}

/** Elsewhere (tsc's dist/, the tests): the installed package, resolved by Node. */
function installedParts(): Parts {
  const load = createRequire(import.meta.url);
  return [load('css-tree/parser'), load('css-tree/walker'), load('css-tree/generator'), load('css-tree/tokenizer'), load('css-tree/utils')];
}

/**
 * Loaded on first use, synchronously (the bundle stage is synchronous), and only the parts
 * needed: the package's main entry also loads the lexer and its property data. A build whose
 * stylesheets are all in the cache (output/cache.ts) needs none of it.
 */
function css(): Engine {
  if (engine) return engine;
  const [parse, walk, generate, tokenizer, utils] = (typeof __RATSDECK_BUNDLE__ !== 'undefined' && __RATSDECK_BUNDLE__ ? bundledParts : installedParts)() as [
    Engine['parse'],
    Engine['walk'],
    Engine['generate'],
    { tokenize: Engine['tokenize']; tokenTypes: Engine['tokenTypes'] },
    { ident: Engine['ident']; url: Engine['url'] },
  ];
  engine = { parse, walk, generate, tokenize: tokenizer.tokenize, tokenTypes: tokenizer.tokenTypes, ident: utils.ident, url: utils.url };
  return engine;
}

/** Functions whose string arguments are URLs (CSS Images 4, CSS Values 4 `src()`), by decoded name. */
const URL_FUNCTIONS = new Set(['url', 'src']);
const IMAGE_FUNCTIONS = new Set(['image-set', '-webkit-image-set', 'image', '-webkit-image', 'cross-fade', '-webkit-cross-fade']);
/** Substitutions that would put a value there that is not known until the browser computes it. */
const SUBSTITUTIONS = new Set(['var', 'env', 'attr', 'if']);

const HINT_REMOTE = 'decks load nothing from other hosts (GDPR, offline use): put the file next to the CSS and use a relative url()';

/** A reference as found: where it is, what it says, and the node to rewrite. */
interface Reference {
  value: string;
  line: number;
  col: number;
  node: { value: string };
}

interface Found {
  refs: Reference[];
  /** Text the parser kept verbatim: written out, it could change how what follows is read. */
  hasRaw: boolean;
  /** Things that load something but cannot be rewritten (an @import, an escaped url in unparsed text, a var() in image-set()). */
  refused: { line: number; col: number; message: string; hint?: string }[];
}

/** The name of a function or at-rule as the browser reads it: escapes decoded, lower case. */
function nameOf(raw: string): string {
  return css().ident.decode(raw).toLowerCase();
}

/**
 * What the URL parser makes of a reference before resolving it: no leading or trailing
 * controls and spaces, no tabs or newlines anywhere, backslashes as slashes (WHATWG URL).
 */
export function urlText(value: string): string {
  return value
    .replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '')
    .replace(/[\t\n\r]/g, '')
    .replace(/\\/g, '/');
}

/** True for references that need no file: a fragment of the same document, or inline data. */
function isInline(u: string): boolean {
  return u === '' || u.startsWith('#') || /^data:/i.test(u);
}

function isRemote(u: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(u) || u.startsWith('//');
}

function position(loc: CssTree.CssLocation | undefined): { line: number; col: number } {
  return { line: loc?.start.line ?? 1, col: loc?.start.column ?? 1 };
}

/** Line and column of `offset` characters into a node's text. */
function advance(at: { line: number; col: number }, text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  if (nl < 0) return { line: at.line, col: at.col + offset };
  return { line: at.line + (before.match(/\n/g) ?? []).length, col: offset - nl };
}

/** Text the parser could not read (kept verbatim): anything in it that would load something. */
function scanRaw(text: string, at: { line: number; col: number }, out: Found): void {
  const { tokenize, tokenTypes: T, url } = css();
  tokenize(text, (type, start, end) => {
    let what: string | undefined;
    if (type === T.Url) {
      const value = url.decode(text.slice(start, end));
      if (!isInline(urlText(value))) what = `url(${value})`;
    }
    else if (type === T.BadUrl) what = text.slice(start, end);
    else if (type === T.Function) {
      const name = nameOf(text.slice(start, end - 1));
      const close = text.indexOf(')', end);
      if (URL_FUNCTIONS.has(name) || IMAGE_FUNCTIONS.has(name)) what = close < 0 ? text.slice(start) : text.slice(start, close + 1);
    } else if (type === T.AtKeyword && nameOf(text.slice(start + 1, end)) === 'import') what = '@import';
    if (what === undefined) return;
    out.refused.push({
      ...advance(at, text, start),
      message: `${what.length > 80 ? `${what.slice(0, 77)}…` : what} is written in a way ratsdeck cannot check`,
      hint: 'write a plain url(…), without escapes, in a declaration that parses',
    });
  });
}

/** Every reference in a parsed stylesheet (or declaration list, or value). */
function findReferences(ast: CssTree.CssNode): Found {
  const out: Found = { refs: [], hasRaw: false, refused: [] };
  const { walk } = css();
  walk(ast, function (this: CssTree.WalkContext, node: CssTree.CssNode) {
    const atrule = this.atrule ? nameOf(this.atrule.name) : undefined;
    if (node.type === 'Atrule') {
      if (nameOf(node.name) === 'import') {
        let target = '';
        walk(node, (n: CssTree.CssNode) => {
          if (!target && (n.type === 'Url' || n.type === 'String')) target = n.value;
        });
        const remote = isRemote(urlText(target));
        out.refused.push({
          ...position(node.loc),
          message: remote ? `@import loads ${target} from another host` : '@import is not supported in themes',
          hint: remote ? HINT_REMOTE : 'put all rules in one CSS file; ratsdeck adds its base layout itself',
        });
      }
      return;
    }
    // The URL of @namespace names a namespace; nothing is loaded. @import is reported above.
    if (atrule === 'namespace' || atrule === 'import') return;
    if (node.type === 'Url') {
      out.refs.push({ value: node.value, ...position(node.loc), node });
    } else if (node.type === 'String' && this.function) {
      const fn = nameOf(this.function.name);
      if (URL_FUNCTIONS.has(fn) || IMAGE_FUNCTIONS.has(fn)) out.refs.push({ value: node.value, ...position(node.loc), node });
    } else if (node.type === 'Function' && this.function && SUBSTITUTIONS.has(nameOf(node.name))) {
      const fn = nameOf(this.function.name);
      if (URL_FUNCTIONS.has(fn) || IMAGE_FUNCTIONS.has(fn)) {
        out.refused.push({
          ...position(node.loc),
          message: `${node.name}() inside ${this.function.name}() names a file ratsdeck cannot check`,
          hint: 'write the file name itself, e.g. url(bild.png)',
        });
      }
    } else if (node.type === 'Raw') {
      out.hasRaw = true;
      scanRaw(node.value, position(node.loc), out);
    }
  });
  return out;
}

function parse(text: string, context = 'stylesheet'): CssTree.CssNode {
  // Declarations that do not parse become Raw nodes (scanned by scanRaw); custom properties
  // are parsed too, so a url() in `--x: url(…)` is found like any other.
  return css().parse(text, { context, positions: true, parseCustomProperty: true, onParseError: () => {} });
}

/** A local file a reference resolves to: the decoded path relative to the CSS, and what follows it. */
export interface LocalRef {
  /** Percent-decoded, forward slashes, relative to the stylesheet's folder. */
  path: string;
  /** `?…` and `#…` as written. */
  suffix: string;
}

type Resolved = { ok: true; abs: string; ref: LocalRef } | { ok: false; message: string; hint?: string };

function inside(root: string, p: string): boolean {
  return p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
}

export interface SheetOptions {
  /** Why a file the sheet references cannot go into a deck (an SVG that cannot be cleaned). */
  fileProblem?: (abs: string) => string | undefined;
}

/** Resolves one reference of `file` against the disk; the file must lie in `root`. */
function resolveRef(raw: string, file: string, root: string, opts: SheetOptions): Resolved {
  const u = urlText(raw);
  const shown = raw.length > 80 ? `${raw.slice(0, 77)}…` : raw;
  if (/^(https?:|\/\/)/i.test(u)) return { ok: false, message: `the stylesheet loads ${shown} from another host`, hint: HINT_REMOTE };
  if (isRemote(u)) return { ok: false, message: `url(${shown}) is not a file of the project`, hint: 'use a relative url() to a file next to the theme' };
  if (u.startsWith('/')) {
    return { ok: false, message: `url(${shown}) is an absolute path`, hint: 'write it relative to the CSS file, e.g. url(fonts/x.woff2)' };
  }
  const cut = u.search(/[?#]/);
  const encoded = cut < 0 ? u : u.slice(0, cut);
  let path: string;
  try {
    path = decodeURIComponent(encoded);
  } catch {
    return { ok: false, message: `url(${shown}) is not a valid file name` };
  }
  if (path.includes('\0')) return { ok: false, message: `url(${shown}) is not a valid file name` };
  path = path.replace(/\\/g, '/');
  const abs = resolve(dirname(file), path);
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    rootReal = resolve(root);
  }
  const outside = { ok: false as const, message: `url(${shown}) is outside the project folder`, hint: 'copy the file into the project, next to the theme, and refer to it from there' };
  // Checked before looking at the disk, so that nothing outside the project is even probed.
  if (!inside(resolve(root), abs) && !inside(rootReal, abs)) return outside;
  if (!existsSync(abs)) return { ok: false, message: `url(${shown}) not found`, hint: `looked for ${relative(rootReal, abs).split(sep).join('/') || abs}` };
  const real = realpathSync(abs);
  // Like image paths: a theme may use files of the project, never files from elsewhere.
  if (!inside(rootReal, real)) return outside;
  if (!statSync(real).isFile()) return { ok: false, message: `url(${shown}) is not a file` };
  const why = opts.fileProblem?.(real);
  if (why) return { ok: false, message: `url(${shown}): the file ${why}` };
  return { ok: true, abs, ref: { path, suffix: cut < 0 ? '' : u.slice(cut) } };
}

/** Checks a stylesheet as the deck would use it; every problem at its file:line:col. */
interface Parsed {
  ast: CssTree.CssNode;
  header: string;
  found: Found;
}

/**
 * Parsed sheets by content: a batch build or `serve` parses reveal.css and the theme once, not
 * per deck. The tree is reused: rewriting sets every local reference anew, and the references
 * keep the values they were found with.
 */
const parsedCache = new Map<string, Parsed>();
const verified = new Set<string>();
const CACHE_LIMIT = 32;

function remember<K, V>(map: Map<K, V>, key: K, value: V): V {
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}

function parseSheet(text: string): Parsed {
  const key = createHash('sha256').update(text).digest('hex');
  const hit = parsedCache.get(key);
  if (hit) return hit;
  const ast = parse(text);
  // The comments the file starts with (reveal.js's MIT licence notice) travel with it; the
  // generator keeps /*! … */ comments itself.
  const lead = /^(?:\s*\/\*[\s\S]*?\*\/)*/.exec(text.replace(/^\uFEFF/, ''))![0];
  const header = [...lead.matchAll(/\/\*[\s\S]*?\*\//g)].map((m) => m[0]).filter((c) => !c.startsWith('/*!')).join('\n');
  return remember(parsedCache, key, { ast, header, found: findReferences(ast) });
}

/** Checks a stylesheet as the deck would use it; every problem at its file:line:col. */
function analyse(file: string, root: string, opts: SheetOptions): { ast: CssTree.CssNode; header: string; hasRaw: boolean; problems: Problem[]; local: { node: { value: string }; abs: string; ref: LocalRef }[] } {
  const text = readFileSync(file, 'utf8');
  let parsed: Parsed;
  try {
    parsed = parseSheet(text);
  } catch (err) {
    // The parser recovers from nearly everything; what it cannot, is not guessed at.
    const e = err as { line?: number; column?: number; message?: string };
    const problem: Problem = { file, line: e.line ?? 1, col: e.column ?? 1, path: '', message: `the stylesheet cannot be parsed: ${e.message ?? String(err)}`, severity: 'error' };
    return { ast: parse(''), header: '', hasRaw: false, problems: [problem], local: [] };
  }
  const { ast, header, found } = parsed;
  const problems: Problem[] = found.refused.map((r) => ({ file, line: r.line, col: r.col, path: '', message: r.message, ...(r.hint ? { hint: r.hint } : {}), severity: 'error' as const }));
  const local: { node: { value: string }; abs: string; ref: LocalRef }[] = [];
  for (const r of found.refs) {
    if (isInline(urlText(r.value))) continue;
    const res = resolveRef(r.value, file, root, opts);
    if (res.ok) local.push({ node: r.node, abs: res.abs, ref: res.ref });
    else problems.push({ file, line: r.line, col: r.col, path: '', message: res.message, ...(res.hint ? { hint: res.hint } : {}), severity: 'error' });
  }
  problems.sort((a, b) => a.line - b.line || a.col - b.col);
  return { ast, header, hasRaw: found.hasRaw, problems, local };
}

/**
 * The problems of a stylesheet (validation uses this for a project's theme): remote, absolute
 * and outside references, missing files, @import, and loads hidden in CSS that does not parse.
 * `root`: the folder its files must stay in.
 */
export function checkStylesheet(file: string, root: string, opts: SheetOptions = {}): Problem[] {
  return analyse(file, root, opts).problems;
}

/**
 * Reads a stylesheet, checks it (InvalidDataError with every problem, exit 3) and writes each
 * local reference as `mapUrl` says (a path in the output, or a data: URL). The result is
 * generated from the syntax tree and read back: it may only reference what `mapUrl` gave.
 */
export function rewriteStylesheet(file: string, root: string, mapUrl: (abs: string, ref: LocalRef) => string, opts: SheetOptions = {}): string {
  // A stylesheet that references no file of its own (reveal.css, most themes) comes out the
  // same from the same text: kept by its digest (output/cache.ts), so it is parsed once.
  const text = readFileSync(file);
  const key = ['rewritten', text];
  const kept = derived('css', key, () => undefined);
  if (kept !== undefined) return kept;
  const { ast, header, hasRaw, problems, local } = analyse(file, root, opts);
  if (problems.length > 0) throw new InvalidDataError(problems, `${file}: the stylesheet cannot be used`);
  const written = new Set<string>();
  for (const l of local) {
    l.node.value = mapUrl(l.abs, l.ref);
    written.add(l.node.value);
  }
  const out = (header ? `${header}\n` : '') + css().generate(ast);
  // From a tree without Raw nodes the generator writes only tokens it made (it separates those
  // that would merge), so the output reads back as the same tree. Raw text is re-read with its
  // neighbours: an unclosed string in it would turn the next string's content into CSS.
  const outKey = createHash('sha256').update(out).digest('hex');
  if (hasRaw && !verified.has(outKey)) {
    const again = findReferences(parse(out));
    const stray = again.refused.length > 0 || again.refs.some((r) => !isInline(urlText(r.value)) && !written.has(r.value));
    if (stray) {
      const problem: Problem = { file, line: 1, col: 1, path: '', message: 'the stylesheet does not read back as it was checked', hint: 'fix its syntax errors (unclosed strings or comments)', severity: 'error' };
      throw new InvalidDataError([problem], `${file}: the stylesheet cannot be used`);
    }
    if (verified.size >= CACHE_LIMIT) verified.clear();
    verified.add(outKey);
  }
  if (local.length === 0) derived('css', key, () => out);
  return out;
}

/**
 * For CSS inside an SVG (a <style> element, a style or presentation attribute): true when it
 * references nothing but #fragments and data: URLs, and everything in it that could load
 * something was parsed.
 */
export function cssIsSelfContained(text: string, context: 'stylesheet' | 'declarationList' | 'value'): boolean {
  let found: Found;
  try {
    found = findReferences(parse(text, context));
  } catch {
    return false; // a value the parser rejects outright: nothing to vouch for
  }
  return found.refused.length === 0 && found.refs.every((r) => isInline(urlText(r.value)));
}

/**
 * The custom properties (`--name: value`) a stylesheet sets on `:root` or `.reveal`, in order,
 * later ones winning — how the PowerPoint export reads a theme's colours and font. Values are
 * the declared text; `var()` references are left for the caller to resolve.
 */
export function customProperties(text: string): Map<string, string> {
  const { parse, walk, generate } = css();
  const out = new Map<string, string>();
  let ast: CssTree.CssNode;
  try {
    ast = parse(text, { parseCustomProperty: false, parseValue: false });
  } catch {
    return out;
  }
  walk(ast, {
    visit: 'Rule',
    enter(rule: CssTree.Rule) {
      const prelude = generate(rule.prelude).replace(/\s+/g, ' ');
      if (!/(^|,)\s*(:root|html|\.reveal)\s*(,|$)/.test(prelude)) return;
      walk(rule.block, {
        visit: 'Declaration',
        enter(d: CssTree.Declaration) {
          if (d.property.startsWith('--')) out.set(d.property, generate(d.value).trim());
        },
      });
    },
  });
  return out;
}
