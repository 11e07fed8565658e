/**
 * Post-processing of Vega's SVG string: theme colours, responsive root, accessibility, stable ids.
 *
 * Vega writes colours as presentation attributes (fill="#0f0e01"). The specs use one unique
 * placeholder colour per theme token; here each placeholder becomes the fallback colour in the
 * attribute plus `style="fill:var(--rd-…, fallback)"`. Chromium 156 also honours var() written
 * into the attribute itself, but CSS Variables define var() for properties, and SVG tools and
 * other engines need not accept it there; a style declaration works everywhere, and the plain
 * attribute remains for viewers without CSS (the SVG as an <img> or in a converter).
 */
import { createHash } from 'node:crypto';

export interface Token {
  placeholder: string;
  cssVar: string;
  fallback: string;
}

// Placeholders: odd colours that no spec uses otherwise. Fallbacks: readable on white.
export const TOKENS = {
  fg: { placeholder: '#0f0e01', cssVar: '--rd-fg', fallback: '#1a1a1a' },
  muted: { placeholder: '#0f0e02', cssVar: '--rd-muted', fallback: '#6b6b6b' },
  plan: { placeholder: '#0f0e03', cssVar: '--rd-chart-plan', fallback: '#1f5f99' },
  actual: { placeholder: '#0f0e04', cssVar: '--rd-chart-actual', fallback: '#d97a00' },
  green: { placeholder: '#0f0e05', cssVar: '--rd-green', fallback: '#2e7d32' },
  yellow: { placeholder: '#0f0e06', cssVar: '--rd-yellow', fallback: '#f2b600' },
  red: { placeholder: '#0f0e07', cssVar: '--rd-red', fallback: '#c62828' },
  grey: { placeholder: '#0f0e08', cssVar: '--rd-grey', fallback: '#8a8a8a' },
} as const satisfies Record<string, Token>;

/** Font name given to Vega; replaced by font-family="inherit" so the theme font applies. */
export const FONT_PLACEHOLDER = 'rdchartfont';

const byPlaceholder = new Map<string, Token>(
  Object.values(TOKENS).map((t): [string, Token] => [t.placeholder, t]),
);

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const THEMED_ATTRS = ['fill', 'stroke'] as const;

/** Rewrites one start tag: placeholder colours to themed styles, the font to inherit. */
function rewriteTag(tag: string): string {
  const decls: string[] = [];
  let out = tag;
  for (const attr of THEMED_ATTRS) {
    out = out.replace(new RegExp(` ${attr}="(#[0-9a-fA-F]{6})"`), (whole, hex: string) => {
      const token = byPlaceholder.get(hex.toLowerCase());
      if (!token) return whole;
      decls.push(`${attr}:var(${token.cssVar}, ${token.fallback})`);
      return ` ${attr}="${token.fallback}"`;
    });
  }
  out = out.replace(` font-family="${FONT_PLACEHOLDER}"`, ' font-family="inherit"');
  if (decls.length > 0) {
    if (/ style="/.test(out)) {
      out = out.replace(/ style="([^"]*)"/, (_, s: string) => ` style="${s.replace(/;?$/, ';')}${decls.join(';')}"`);
    } else {
      out = out.replace(/(\/?>)$/, ` style="${decls.join(';')}"$1`);
    }
  }
  return out;
}

export interface FinishOptions {
  kind: string;
  title: string;
  description: string;
}

/**
 * Turns Vega's SVG into the inline SVG we ship. Vega escapes text and attribute values, so every
 * `>` in the string ends a tag and a start tag can be matched as `<name …>`.
 */
export function finishSvg(raw: string, opts: FinishOptions): string {
  const open = /^<svg\b[^>]*>/.exec(raw);
  if (!open) throw new Error('Vega did not return an SVG document');
  const viewBox = /viewBox="([^"]*)"/.exec(open[0])?.[1];
  if (!viewBox) throw new Error('Vega SVG without a viewBox');

  let body = raw.slice(open[0].length);
  // Clutter without visual effect: empty group backgrounds and foregrounds, pointer-events.
  body = body
    .replace(/<path class="background" aria-hidden="true" d="M0,0h0v0h0Z"( pointer-events="none")?\/>/g, '')
    .replace(/<path class="foreground" aria-hidden="true" d=""( pointer-events="none")? display="none"\/>/g, '')
    .replace(/ pointer-events="none"/g, '')
    // The root is role="img" with a text alternative; Vega still marks groups as graphics
    // symbols, which accessibility checkers (axe-core svg-img-alt) report as unnamed images.
    .replace(/ role="graphics-(symbol|object)"( aria-roledescription="[^"]*")?/g, '');
  body = body.replace(/<[a-zA-Z][^>]*>/g, rewriteTag);
  body = stabiliseIds(body, opts.kind);

  const root =
    `<svg xmlns="http://www.w3.org/2000/svg"` +
    (body.includes('xlink:') ? ' xmlns:xlink="http://www.w3.org/1999/xlink"' : '') +
    ` class="rd-chart__svg rd-chart__svg--${opts.kind}" role="img" aria-label="${escapeXml(opts.title)}"` +
    // overflow="visible": should the theme's font run wider than Vega's estimate (measure.ts),
    // long axis labels spill into the slide's margin instead of being cut off.
    ` width="100%" viewBox="${viewBox}" preserveAspectRatio="xMidYMid meet" overflow="visible">` +
    `<title>${escapeXml(opts.title)}</title><desc>${escapeXml(opts.description)}</desc>`;
  return root + body;
}

/**
 * Vega numbers clip paths and gradients from process-wide counters, so their ids depend on what
 * was rendered before, and two charts on one page could share an id. Rename every id after a
 * hash of the chart's own content: byte-identical for the same input, distinct between charts.
 */
function stabiliseIds(body: string, kind: string): string {
  const ids = [...body.matchAll(/ id="([^"]+)"/g)].map((m) => m[1] as string);
  if (ids.length === 0) return body;
  const neutral = body.replace(/ id="[^"]+"|url\(#[^)]+\)/g, '');
  const hash = createHash('sha256').update(neutral).digest('hex').slice(0, 10);
  const rename = new Map(ids.map((id, i) => [id, `rd-${kind}-${hash}-${i}`]));
  return body
    .replace(/ id="([^"]+)"/g, (w, id: string) => ` id="${rename.get(id) ?? id}"`)
    .replace(/url\(#([^)]+)\)/g, (w, id: string) => `url(#${rename.get(id) ?? id})`);
}

/** The chart for no data: a small SVG saying so, without loading Vega. */
export function emptySvg(opts: FinishOptions & { text: string }): string {
  const fg = TOKENS.fg;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rd-chart__svg rd-chart__svg--${opts.kind} rd-chart__svg--empty"` +
    ` role="img" aria-label="${escapeXml(opts.title)}" width="100%" viewBox="0 0 1160 120"` +
    ` preserveAspectRatio="xMidYMid meet">` +
    `<title>${escapeXml(opts.title)}</title><desc>${escapeXml(opts.description)}</desc>` +
    `<text x="580" y="68" text-anchor="middle" font-family="inherit" font-size="26px" font-style="italic"` +
    ` fill="${fg.fallback}" style="fill:var(${fg.cssVar}, ${fg.fallback})">${escapeXml(opts.text)}</text></svg>`
  );
}
