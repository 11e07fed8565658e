/**
 * SVG images are sanitised when copied (src/bundle/svg.ts, issue 9): scripts, event handlers,
 * foreignObject, javascript: URLs and every external reference are gone from the folder build,
 * the single file and `ratsdeck serve`; what cannot be cleaned is refused at its YAML line; a
 * real logo still draws the same.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sanitizeSvg, svgFileProblem } from '../../src/bundle/svg.js';
import { startServer } from '../../src/serve/server.js';
import { runCli } from '../helpers/cli.js';
import { REPO } from '../render/helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-svg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HOSTILE = `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="http://evil.example/pi.css"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40" viewBox="0 0 40 40" onload="alert('onload')">
  <script>alert('script')</script>
  <script xlink:href="http://evil.example/x.js"/>
  <foreignObject width="40" height="40"><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert('fo')">x</div></foreignObject>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#8a1538"/></linearGradient></defs>
  <rect id="r" width="40" height="40" fill="url(#g)" onclick="alert('onclick')"/>
  <a href="javascript:alert('a')"><circle cx="5" cy="5" r="2"/></a>
  <a xlink:href="JaVaScRiPt:alert('a2')"><circle cx="10" cy="5" r="2"/></a>
  <a xlink:href="http://evil.example/"><circle cx="15" cy="5" r="2"/></a>
  <image href="http://evil.example/track.png" width="1" height="1"/>
  <image xlink:href="https://evil.example/track.png" width="1" height="1"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <use xlink:href="http://evil.example/sprite.svg#x"/>
  <use href="other.svg#x"/>
  <use href="#r" x="1"/>
  <rect width="1" height="1" style="fill: url(http://evil.example/f.svg#p)"/>
  <rect width="1" height="1" fill="url(//evil.example/f.svg#p)"/>
  <rect width="1" height="1" filter="u\\72l(http://evil.example/f.svg#p)"/>
  <style>@import url(http://evil.example/s.css); rect { stroke: red }</style>
  <style><![CDATA[circle > title, circle { fill: url(#g) }]]></style>
  <set attributeName="href" to="javascript:alert('set')"/>
  <animate attributeName="xlink:href" values="http://evil.example/"/>
  <text x="2" y="30" onmouseover="alert('text')">Stadt &amp; Land</text>
</svg>
`;

/** Nothing in it runs or loads anything. */
function expectClean(svg: string, where: string): void {
  expect(svg, where).toMatch(/^<svg\b/);
  for (const bad of [/<script/i, /\son[a-z]+\s*=/i, /foreignObject/i, /javascript:/i, /evil\.example/, /<(set|animate)\b/i, /<\?xml-stylesheet/, /@import/]) {
    expect(svg, `${where}: ${bad}`).not.toMatch(bad);
  }
  for (const m of svg.matchAll(/\s(?:xlink:)?href\s*=\s*"([^"]*)"/g)) expect(m[1], where).toMatch(/^(#|data:image\/)/);
}

/** What is still drawn from HOSTILE. */
function expectKept(svg: string, where: string): void {
  expect(svg, where).toContain('<rect id="r" width="40" height="40" fill="url(#g)"/>');
  expect(svg.match(/<circle /g), where).toHaveLength(3);
  expect(svg, where).toContain('<linearGradient id="g"><stop offset="0" stop-color="#8a1538"/></linearGradient>');
  expect(svg, where).toContain('<use href="#r" x="1"/>');
  expect(svg, where).toContain('<image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>');
  expect(svg, where).toContain('<text x="2" y="30">Stadt &amp; Land</text>');
  expect(svg, where).toContain('<style>circle &gt; title, circle { fill: url(#g) }</style>');
}

describe('sanitizeSvg', () => {
  it('removes scripts, handlers, foreignObject, javascript: and external references, and keeps the drawing', () => {
    const r = sanitizeSvg(Buffer.from(HOSTILE));
    if (!r.ok) throw new Error(r.reason);
    expectClean(r.svg, 'sanitised');
    expectKept(r.svg, 'sanitised');
    // The output is a well-formed SVG document again, and cleaning it once more changes nothing.
    const again = sanitizeSvg(Buffer.from(r.svg));
    expect(again).toEqual({ ok: true, svg: r.svg });
  });

  /** Elements and their attributes, in order: what a renderer draws from. */
  function drawn(svg: string): string[] {
    return [...svg.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*\/?>/g)].map((m) => `${m[1]}${[...m[2]!.matchAll(/\s+([\w:-]+="[^"]*")/g)].map((a) => ` ${a[1]}`).sort().join('')}`);
  }

  it.each(['decks/assets/stadt-logo.svg', 'test/fixtures/render/golden/assets/wappen.svg', 'test/fixtures/render/golden/assets/karte.svg'])(
    '%s survives: the same elements with the same attributes',
    (file) => {
      const original = readFileSync(join(REPO, file), 'utf8');
      const r = sanitizeSvg(Buffer.from(original));
      if (!r.ok) throw new Error(r.reason);
      expect(drawn(original).length).toBeGreaterThan(1);
      expect(drawn(r.svg)).toEqual(drawn(original));
    },
  );

  it.each([
    ['not well-formed XML', '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', /is not well-formed XML \(line 1, column \d+: unexpected close tag\)/],
    ['empty', '', /is not well-formed XML/],
    ['entity declarations', '<!DOCTYPE svg [<!ENTITY x "<script>alert(1)</script>">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', /declares XML entities/],
    ['no SVG namespace', '<svg><rect width="1" height="1"/></svg>', /is not an SVG document: its root element is <svg> without xmlns/],
    ['an HTML document', '<html xmlns="http://www.w3.org/1999/xhtml"><body onload="alert(1)"/></html>', /is not an SVG document: its root element is <html>/],
    ['an unknown encoding', '<?xml version="1.0" encoding="x-unknown-42"?><svg xmlns="http://www.w3.org/2000/svg"/>', /character encoding/],
  ])('refuses %s, and validation (without the sanitiser) says the same', (what, text, reason) => {
    const r = sanitizeSvg(Buffer.from(text));
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toMatch(reason);
    const file = join(tmp, `${what.replace(/\W+/g, '-')}.svg`);
    writeFileSync(file, text);
    expect(svgFileProblem(file)).toBe(r.ok ? undefined : r.reason);
  });

  it('reads an SVG saved as ISO-8859-1', () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"><title>Straße</title></svg>', 'latin1');
    const r = sanitizeSvg(latin1);
    expect(r).toEqual({ ok: true, svg: '<svg xmlns="http://www.w3.org/2000/svg"><title>Straße</title></svg>' });
  });
});

/** A project with the hostile SVG as logo, as a slide image and as a theme background. */
function project(name: string, logo = HOSTILE): string {
  const dir = join(tmp, name);
  const write = (f: string, text: string) => {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  };
  write('ratsdeck.yaml', 'body:\n  name: Stadt Beispiel\n  logo:\n    src: assets/logo.svg\n    alt: Wappen\n');
  write('assets/logo.svg', logo);
  write('assets/karte.svg', HOSTILE.replace('Stadt &amp; Land', 'Karte'));
  write('theme/custom.css', 'body { background: url(hintergrund.svg) no-repeat; }\n');
  write('theme/hintergrund.svg', HOSTILE.replace('Stadt &amp; Land', 'Hintergrund'));
  write(
    'deck.yaml',
    'title: Bilder\ndate: 2021-05-20\ntheme: theme/custom.css\nslides:\n  - type: title\n  - type: text\n    title: Karte\n    body: Text\n    image:\n      src: assets/karte.svg\n      alt: Karte\n',
  );
  return dir;
}

const WORDS = ['Stadt &amp; Land', 'Karte', 'Hintergrund'];

describe('every way an SVG leaves ratsdeck is clean', () => {
  it('the deck folder', async () => {
    const dir = project('folder');
    const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', join(dir, 'out')], dir);
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'out', 'deck');
    const svgs = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.svg'));
    expect(svgs).toHaveLength(3);
    const texts = svgs.map((f) => readFileSync(join(out, f), 'utf8'));
    for (const [i, svg] of texts.entries()) expectClean(svg, svgs[i]!);
    for (const w of WORDS) expect(texts.some((t) => t.includes(`>${w}</text>`)), w).toBe(true);
    expectKept(texts.find((t) => t.includes('Stadt &amp; Land'))!, 'logo');
  });

  it('the single file', async () => {
    const dir = project('single');
    const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', join(dir, 'out'), '--single-file'], dir);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(dir, 'out', 'deck.html'), 'utf8');
    const svgs = [...html.matchAll(/data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    for (const [i, svg] of svgs.entries()) expectClean(svg, `data URL ${i}`);
    for (const w of WORDS) expect(svgs.some((t) => t.includes(`>${w}</text>`)), w).toBe(true);
  });

  it('ratsdeck serve', async () => {
    const dir = project('serve');
    const server = await startServer({
      target: join(dir, 'deck.yaml'),
      cwd: dir,
      port: 0,
      watchBuiltin: false,
      reporter: { info: () => {}, warn: () => {}, error: () => {}, problem: () => {} },
    });
    try {
      const base = `http://127.0.0.1:${server.port}/deck/`;
      const html = await (await fetch(base)).text();
      const css = await (await fetch(`${base}ratsdeck/theme.css`)).text();
      const paths = [
        ...[...html.matchAll(/src="(assets\/[^"]+\.svg)"/g)].map((m) => m[1]!),
        ...[...css.matchAll(/url\(([^)]+\.svg)\)/g)].map((m) => `ratsdeck/${m[1]!}`),
      ];
      expect(new Set(paths).size).toBe(3);
      const texts: string[] = [];
      for (const p of new Set(paths)) {
        const res = await fetch(`${base}${p}`);
        expect(res.status, p).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/svg+xml');
        const svg = await res.text();
        expectClean(svg, p);
        texts.push(svg);
      }
      for (const w of WORDS) expect(texts.some((t) => t.includes(`>${w}</text>`)), w).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('an SVG that cannot be cleaned is refused at its YAML position (validate and build)', () => {
  it('as the logo, at ratsdeck.yaml', async () => {
    const dir = project('broken-logo', '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>');
    for (const cmd of ['validate', 'build']) {
      const r = await runCli([cmd, join(dir, 'deck.yaml')], dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/ratsdeck\.yaml:4:10: body\.logo\.src: image "assets\/logo\.svg" is not well-formed XML \(line 1, column \d+: unexpected close tag\)/);
    }
    expect(() => readdirSync(join(dir, 'out'))).toThrow();
  });

  it('as a theme url(), at the theme line', async () => {
    const dir = project('broken-bg');
    writeFileSync(join(dir, 'theme', 'hintergrund.svg'), '<svg><rect/></svg>');
    const r = await runCli(['validate', join(dir, 'deck.yaml')], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('theme/custom.css:1:20: url(hintergrund.svg): the file is not an SVG document');
  });
});

describe('DOMPurify and jsdom load only when an SVG is copied', () => {
  it('not for validation, not for a deck without SVG; for one with an SVG (the built package)', () => {
    const dir = project('lazy');
    writeFileSync(join(dir, 'ratsdeck.yaml'), 'body:\n  name: Stadt Beispiel\n');
    writeFileSync(join(dir, 'theme', 'custom.css'), 'body { color: red }\n');
    writeFileSync(join(dir, 'plain.yaml'), 'title: Ohne\ndate: 2021-05-20\ntheme: theme/custom.css\nslides:\n  - type: title\n');
    const script = `
      const { createRequire } = await import('node:module');
      const { buildDeck, loadAndValidate } = await import(${JSON.stringify(join(REPO, 'dist', 'pipeline.js'))});
      const cache = () => Object.keys(createRequire(import.meta.url).cache);
      const loaded = () => ['jsdom', 'dompurify', 'saxes'].filter((m) => cache().some((k) => k.includes('/node_modules/' + m + '/')));
      const valid = loadAndValidate(${JSON.stringify(join(dir, 'deck.yaml'))});
      const validated = [valid.problems.length, loaded()];
      await buildDeck(${JSON.stringify(join(dir, 'plain.yaml'))}, { outDir: ${JSON.stringify(join(dir, 'out'))} });
      const plain = loaded();
      await buildDeck(${JSON.stringify(join(dir, 'deck.yaml'))}, { outDir: ${JSON.stringify(join(dir, 'out'))} });
      console.log(JSON.stringify({ validated, plain, svg: loaded() }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: dir });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ validated: [0, ['saxes']], plain: ['saxes'], svg: ['jsdom', 'dompurify', 'saxes'] });
  });
});
