/**
 * Shared by the render tests: render a fixture deck the way `ratsdeck build` does (load,
 * validate, select the audience, render), cut the HTML into slides, and compare with golden files.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { formatProblem, RatsdeckError } from '../../src/errors.js';
import { buildDeck, type BuildOptions } from '../../src/pipeline.js';
import type { RenderedDeck } from '../../src/render/render.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures');
export const GOLDEN_DIR = join(import.meta.dirname, '__golden__');

/**
 * Builds a deck file in memory through the real pipeline (load, validate, audience selection,
 * changes since a frozen session, render) without writing; an invalid fixture fails the test
 * with every problem.
 */
export async function renderFile(file: string, opts: Omit<BuildOptions, 'write' | 'outDir' | 'singleFile'> = {}): Promise<RenderedDeck> {
  try {
    const r = await buildDeck(file, { ...opts, write: false });
    if (!r.rendered) throw new Error(`fixture ${file} was not rendered: ${r.skipped ?? 'no reason given'}`);
    return r.rendered;
  } catch (err) {
    if (err instanceof RatsdeckError && err.problems.length) {
      throw new Error(`fixture ${file} is invalid:\n${err.problems.map((p) => formatProblem(p, REPO)).join('\n')}`);
    }
    throw err;
  }
}

export interface SlideHtml {
  number: number;
  type: string;
  html: string;
}

/** The `<section>` of every slide, in order (slides do not nest). */
export function slideSections(html: string): SlideHtml[] {
  const out: SlideHtml[] = [];
  for (const m of html.matchAll(/<section id="[^"]*" data-rd-number="(\d+)"[^>]*data-rd-type="([^"]+)"[\s\S]*?<\/section>/g)) {
    out.push({ number: Number(m[1]), type: m[2]!, html: m[0] });
  }
  return out;
}

/** The text of a slide's speaker notes (`<aside class="notes">`), or undefined. */
export function notesOf(section: string): string | undefined {
  return /<aside class="notes">([\s\S]*?)<\/aside>/.exec(section)?.[1];
}

/** The slide title (the element with id folie-N-titel). */
export function titleOf(section: string): string | undefined {
  return /id="folie-\d+-titel"[^>]*>([\s\S]*?)<\/h\d>/.exec(section)?.[1];
}

/**
 * Volatile parts out: a chart's drawing is Vega's output and belongs to charts.test.ts (its own
 * golden-free tests); here only the chart's root element, title and description matter, which
 * carry our data (escaped) and its accessibility. Ids inside charts are content hashes anyway.
 */
export function normalise(html: string): string {
  return html.replace(
    /(<svg\b[^>]*class="rd-chart__svg[^"]*"[^>]*>)(<title>[\s\S]*?<\/title>)?(<desc>[\s\S]*?<\/desc>)?([\s\S]*?)<\/svg>/g,
    (_m, root: string, title = '', desc = '') =>
      `${root.replace(/ viewBox="[^"]*"/, ' viewBox="…"')}${title}${desc}<!-- chart drawing: see charts.test.ts --></svg>`,
  );
}

/**
 * Compares with test/render/__golden__/<name>, as a vitest file snapshot. After an intended
 * change: `npx vitest run test/render -u`, then review the diff of __golden__/ before
 * committing. Updating is vitest's own mode (reported as "updated" in its summary); with CI
 * set, a missing or different golden fails and nothing is written.
 */
export async function expectGolden(name: string, actual: string): Promise<void> {
  const text = actual.endsWith('\n') ? actual : `${actual}\n`;
  await expect(text, `${name} differs from the golden file (if the change is intended: npx vitest run test/render -u, then review the diff)`).toMatchFileSnapshot(
    join(GOLDEN_DIR, name),
  );
}

export interface Tag {
  name: string;
  attrs: Map<string, string>;
  raw: string;
  index: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the character references an attribute value may hold (what the browser would see). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const TAG_RE = /<([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y;
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/**
 * Every start tag of an HTML document, with decoded attributes. The contents of <script> and
 * <style> elements are skipped (they are not markup). Throws on a "<" followed by a letter that
 * does not start a well-formed tag: a browser could read such text as markup.
 */
export function scanTags(html: string): Tag[] {
  const out: Tag[] = [];
  let i = 0;
  for (;;) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html[lt + 1] ?? '';
    if (!/[a-zA-Z]/.test(next)) {
      i = lt + 1;
      continue;
    }
    TAG_RE.lastIndex = lt;
    const m = TAG_RE.exec(html);
    if (!m) throw new Error(`malformed tag at ${lt}: ${JSON.stringify(html.slice(lt, lt + 80))}`);
    const attrs = new Map<string, string>();
    for (const a of m[2]!.matchAll(ATTR_RE)) attrs.set(a[1]!.toLowerCase(), decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
    const name = m[1]!.toLowerCase();
    out.push({ name, attrs, raw: m[0], index: lt });
    i = lt + m[0].length;
    if (name === 'script' || name === 'style') {
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      if (close < 0) throw new Error(`<${name}> at ${lt} is never closed`);
      i = close;
    }
  }
  return out;
}
