/**
 * Nothing a deck author types can inject markup or script (issue 3: "Text fields are Markdown
 * rendered with raw HTML disabled; everything else is escaped"). The fixture
 * test/fixtures/hostile/ puts <script>, <img onerror>, "><svg onload>, javascript: links and raw
 * HTML blocks into every text field; the same deck is opened in Chromium by
 * test/integration/deck-browser.test.ts (no dialog, no console error).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/errors.js';
import { loadAndValidate } from '../../src/pipeline.js';
import type { RenderedDeck } from '../../src/render/render.js';
import { FIXTURES, REPO, renderFile, scanTags, slideSections, type Tag } from './helpers.js';

const DECK = `${FIXTURES}/hostile/deck.yaml`;

/** How Handlebars escapes a value ({{x}}). */
const hbs = (s: string) =>
  s.replace(/[&<>"'`=]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;', '`': '&#x60;', '=': '&#x3D;' })[c]!);
/** How markdown-it escapes text. */
const md = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

let deck: RenderedDeck;
let tags: Tag[];
let handoutTags: Tag[];
beforeAll(async () => {
  deck = await renderFile(DECK, { handout: '3' });
  tags = scanTags(deck.html);
  handoutTags = scanTags(deck.handoutHtml!);
});

/** The checks every document ratsdeck writes must pass. */
function expectInert(list: Tag[], what: string): void {
  const problems: string[] = [];
  for (const t of list) {
    for (const [name, value] of t.attrs) {
      if (/^on/i.test(name)) problems.push(`event handler attribute ${name} on <${t.name}>`);
      const url = value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
      if (['href', 'src', 'xlink:href', 'action', 'formaction', 'data', 'poster', 'srcdoc'].includes(name) && /^(javascript|vbscript|data:text\/html)/.test(url)) {
        problems.push(`${name}="${value}" on <${t.name}>`);
      }
    }
    if (t.name === 'script' && !/^ratsdeck\/[a-z0-9-]+\.js$/.test(t.attrs.get('src') ?? '')) problems.push(`script ${t.raw}`);
    if (['iframe', 'object', 'embed', 'base', 'form', 'frame', 'foreignobject', 'animate', 'set', 'math'].includes(t.name)) problems.push(`<${t.name}>`);
    if (t.name === 'meta' && t.attrs.has('http-equiv') && t.attrs.get('http-equiv')!.toLowerCase() !== 'content-security-policy') problems.push(t.raw);
    if (t.name === 'svg' && !/^rd-chart__svg\b/.test(t.attrs.get('class') ?? '')) problems.push(`svg that is not a ratsdeck chart: ${t.raw}`);
    if (t.name === 'a' && !/^(https?:|mailto:|#)/i.test(t.attrs.get('href') ?? '')) problems.push(`link ${t.raw}`);
    if (t.name === 'img' && !/^assets\/[0-9a-f]{10}-[A-Za-z0-9._-]+$/.test(t.attrs.get('src') ?? '')) problems.push(`image ${t.raw}`);
    if (t.name === 'link' && !/^ratsdeck\/[a-z0-9-]+\.css$/.test(t.attrs.get('href') ?? '')) problems.push(`link element ${t.raw}`);
  }
  expect(problems, what).toEqual([]);
}

describe('a deck full of markup and script renders inert', () => {
  it('has only ratsdeck\'s own <script src="ratsdeck/…"> tags, no event handlers, no javascript: URLs', () => {
    const scripts = tags.filter((t) => t.name === 'script');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((s) => s.raw === `<script src="${s.attrs.get('src')}">`)).toBe(true);
    expectInert(tags, 'index.html');
    // The raw text check as well: no script element could have been opened any other way.
    expect(deck.html.match(/<script/gi)).toHaveLength(scripts.length);
  });

  it('the handout document passes the same checks, and its @page strings cannot close the <style>', () => {
    expectInert(handoutTags, 'handout.html');
    for (const m of deck.handoutHtml!.matchAll(/<style>([\s\S]*?)<\/style>/g)) expect(m[1]).not.toMatch(/</);
  });

  it('renders the deck title escaped in <title> and in the title slide', () => {
    const title = `"><svg onload=alert('title')><script>alert('title')</script>`;
    expect(deck.html).toContain(`<title>${hbs(title)} – ${hbs(`"><svg onload=alert('committee-short')>`)} 20.05.2021</title>`);
    expect(deck.html).toContain(`<h1 id="folie-1-titel" class="rd-title rd-title--deck">${hbs(title)}</h1>`);
    expect(deck.html).toContain(`<p class="rd-subtitle">${hbs(`<img src=x onerror=alert('subtitle')>`)}</p>`);
  });

  it('keeps attribute values inside their quotes (alt text, link targets)', () => {
    const alts = tags.filter((t) => t.name === 'img').map((t) => t.attrs.get('alt'));
    expect(alts).toContain(`"><svg onload=alert('logo-alt')>`);
    expect(alts).toContain(`"><svg onload=alert('alt')>`);
    const hrefs = tags.filter((t) => t.name === 'a').map((t) => t.attrs.get('href'));
    expect(hrefs).toContain(`https://example.org/?q="><script>alert('url')</script>`);
    expect(deck.html).toContain(`<a href="${hbs(`https://example.org/?q="><script>alert('url')</script>`)}">`);
  });

  it('turns no javascript:, vbscript:, data: or file: Markdown link into a link', () => {
    const text = slideSections(deck.html).find((s) => s.type === 'text')!.html;
    const links = scanTags(text).filter((t) => t.name === 'a').map((t) => t.attrs.get('href'));
    // Only the https link survives; its hostile title stays inside the title attribute.
    expect(links).toEqual(['https://example.org/']);
    expect(text).toContain(`title="title&quot; onmouseover=&quot;alert('title-attr')"`);
    for (const shown of ["[js](javascript:alert('js'))", "[JS upper](JAVASCRIPT:alert('upper'))", "[vbs](vbscript:msgbox('vbs'))", '[file](file:///etc/passwd)']) {
      expect(text).toContain(`<li>${md(shown)}</li>`);
    }
    expect(text).toContain(`<li>${md("<javascript:alert('autolink')>")}</li>`);
    expect(text).not.toMatch(/<a [^>]*href="(?!https:)/);
  });

  it('shows raw HTML in Markdown (blocks and inline) as text', () => {
    const text = slideSections(deck.html).find((s) => s.type === 'text')!.html;
    expect(text).toContain(`<p>${md("<script>alert('body')</script>")}</p>`);
    expect(text).toContain(`<p>${md(`<div onclick="alert('block')">raw HTML block</div>`)}</p>`);
    expect(text).toContain(`<p>Inline ${md(`<span onmouseover="alert('inline')">HTML</span>`)}.</p>`);
    expect(text).toContain(`<code class="language-html">${md("<script>alert('code')</script>")}\n</code>`);
  });

  it('escapes speaker notes (Markdown without HTML) on every slide that has them', () => {
    const notes = [...deck.html.matchAll(/<aside class="notes">([\s\S]*?)<\/aside>/g)].map((m) => m[1]!);
    expect(notes.length).toBeGreaterThanOrEqual(3);
    expect(notes[0]).toBe(`<p>${md("<script>alert('notes')</script> <img src=x onerror=alert('notes-img')>")}</p>`);
    for (const n of notes) expect(scanTags(n).map((t) => t.name).every((name) => ['p', 'strong', 'em', 'ul', 'ol', 'li', 'code', 'a', 'br'].includes(name))).toBe(true);
  });

  it('escapes chart labels and titles inside the SVG', () => {
    const svgs = tags.filter((t) => t.name === 'svg');
    expect(svgs.map((s) => s.attrs.get('aria-label'))).toEqual(
      expect.arrayContaining([`<script>alert('status-chart')</script>`, `<img src=x onerror=alert('timeline')>`, `</title><script>alert('budget')</script>`]),
    );
    const texts = [...deck.html.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
    expect(texts.some((t) => t.startsWith('&lt;/text&gt;&lt;script&gt;'))).toBe(true);
  });

  it('member names, IT-Beirat texts, recommendations and decision text are escaped', () => {
    expect(deck.html).toContain(`<strong>${hbs("<script>alert('member')</script>")}</strong>`);
    expect(deck.html).toContain(`<p>${md("<script>alert('mandate')</script>")}</p>`);
    expect(deck.html).toContain(`<p>${md(`<iframe src="https://evil.example/"></iframe>`)}</p>`);
    expect(deck.html).toContain(`<td class="rd-cell-text">${md("[Antwort](javascript:alert('response')) <img src=x onerror=alert('response')>")}</td>`);
    expect(deck.html).toContain(`<p>${md(`<div onclick="alert('decision-block')">raw html block</div>`)}</p>`);
  });
});

describe('link fields accept only https://, http:// and mailto:', () => {
  it('javascript:, data: and anything else in a url field is a validation error at its line', () => {
    const file = `${FIXTURES}/hostile/invalid/javascript-urls.yaml`;
    const r = loadAndValidate(file);
    expect(r.deck).toBeUndefined();
    const lines = r.problems.map((p) => formatProblem(p, REPO));
    const msg = 'expected a link starting with https://, http:// or mailto:';
    const rel = 'test/fixtures/hostile/invalid/javascript-urls.yaml';
    expect(lines).toEqual(
      expect.arrayContaining([
        `${rel}:4:12: body.website: ${msg}`,
        `${rel}:11:14: activities[0].links[0].url: ${msg}`,
        `${rel}:15:10: networks[0].url: ${msg}`,
        `${rel}:18:10: networks[1].url: ${msg}`,
        `${rel}:21:10: networks[2].url: ${msg}`,
        `${rel}:24:10: networks[3].url: ${msg}`,
      ]),
    );
    expect(r.problems.filter((p) => p.severity === 'error')).toHaveLength(6);
  });

  it('markup in an id (slide, activity, network, member, recommendation) is a validation error at its line', () => {
    const r = loadAndValidate(`${FIXTURES}/hostile/invalid/hostile-ids.yaml`);
    expect(r.deck).toBeUndefined();
    const rel = 'test/fixtures/hostile/invalid/hostile-ids.yaml';
    const msg = 'expected an id made of letters, digits, "-" and "_", starting with a letter or digit';
    expect(r.problems.map((p) => formatProblem(p, REPO))).toEqual(
      expect.arrayContaining([
        `${rel}:4:9: activities[0].id: ${msg}`,
        `${rel}:8:9: networks[0].id: ${msg}`,
        `${rel}:12:11: itBeirat.members[0].id: ${msg}`,
        `${rel}:15:11: itBeirat.recommendations[0].id: ${msg}`,
        `${rel}:21:9: slides[0].id: ${msg}`,
      ]),
    );
  });
});
