/**
 * Themes read with a CSS parser (src/bundle/css.ts, issue 9): every spelling of a reference a
 * browser would follow is found; a remote, absolute or outside one is exit 3 at the theme's
 * file:line:col, from `validate` as from `build`, and nothing is written. Good references are
 * copied (folder) or inlined (single file).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStylesheet, cssIsSelfContained, rewriteStylesheet } from '../../src/bundle/css.js';
import { InvalidDataError } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-css-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A project whose deck uses theme/custom.css with `css`; a file outside it, beside it. */
function project(css: string, files: Record<string, string> = {}): string {
  const root = join(tmp, `case-${n++}`);
  const dir = join(root, 'project');
  mkdirSync(join(dir, 'theme', 'fonts'), { recursive: true });
  writeFileSync(join(root, 'outside.png'), 'not part of the project');
  writeFileSync(join(dir, 'ratsdeck.yaml'), 'body:\n  name: Stadt Beispiel\n');
  writeFileSync(join(dir, 'deck.yaml'), 'title: Thema\ndate: 2021-05-20\ntheme: theme/custom.css\nslides:\n  - type: title\n');
  writeFileSync(join(dir, 'theme', 'custom.css'), css);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const PRE = '/* Stadt Beispiel */\nbody { color: #222; }\n';
const LINE = 3; // the case's CSS is the third line of the file

/** [what, the CSS line, the text the reported column points at, what the message says] */
const HOSTILE: [string, string, string, RegExp][] = [
  ['@import without a space', '@import"http://evil.example/a.css";', '@import', /@import loads .* from another host/],
  ['@IMPORT in capitals with url()', '@IMPORT url(http://evil.example/a.css);', '@IMPORT', /@import loads .* from another host/],
  ['@import spelled with an escape', '@\\69mport "//evil.example/a.css";', '@\\69', /@import loads .* from another host/],
  ['@import with a comment for the space', '@import/**/"http://evil.example/a.css";', '@import', /@import loads .* from another host/],
  ['a local @import', "@import 'other.css';", '@import', /not supported/],
  ['@import inside @media', '@media print { @import "http://evil.example/p.css"; }', '@import', /@import loads .* from another host/],
  ['URL() in capitals', 'a { background: URL(http://evil.example/x.png) }', 'URL(', /from another host/],
  ['u\\72l() with an escape in the name', 'a { background: u\\72l(http://evil.example/x.png) }', 'u\\72l(', /cannot check/],
  ['\\75rl("…") with an escape and a string', 'a { background: \\75rl("http://evil.example/x.png") }', '"http', /from another host/],
  ['image-set() with a string', 'a { background: image-set("http://evil.example/x.png" 1x) }', '"http', /from another host/],
  ['-webkit-image-set() with a string', "a { background: -webkit-image-set('http://evil.example/x.png' 1x) }", "'http", /from another host/],
  ['image-set() with url()', 'a { background: image-set(url(//evil.example/x.png) 1x) }', 'url(//', /from another host/],
  ['image-s\\65t() with an escape', 'a { background: image-s\\65t("http://evil.example/x.png" 1x) }', '"http', /from another host/],
  ['src() of CSS Values 4', 'a { background: src("http://evil.example/x.png") }', '"http', /from another host/],
  ['var() inside image-set()', 'a { background: image-set(var(--bild) 1x) }', 'var(', /cannot check/],
  ['a web font in @font-face', '@font-face { font-family: X; src: local(X), url(https://fonts.example/x.woff2) format("woff2") }', 'url(https', /from another host/],
  ['a custom property', 'a { --bild: url(http://evil.example/x.png) }', 'url(', /from another host/],
  ['a protocol-relative url', 'a { background: url(//cdn.example/x.png) }', 'url(', /from another host/],
  ['backslashes for slashes', 'a { background: url("\\\\\\\\cdn.example\\\\x.png") }', 'url(', /from another host/],
  ['a tab inside the scheme', 'a { background: url("ht\\9tp://evil.example/x.png") }', 'url(', /from another host/],
  ['HTTPS in capitals', 'a { background: url(HTTPS://evil.example/x.png) }', 'url(', /from another host/],
  ['a file: URL', 'a { background: url(file:///etc/passwd) }', 'url(', /not a file of the project/],
  ['a javascript: URL', 'a { cursor: url("javascript:alert(1)"), auto }', 'url(', /not a file of the project/],
  ['an absolute path', 'a { background: url(/etc/passwd) }', 'url(', /absolute path/],
  ['a path outside the project', 'a { background: url(../../outside.png) }', 'url(', /outside the project folder/],
  ['a percent-encoded way out', 'a { background: url(%2e%2e/%2e%2e/outside.png) }', 'url(', /outside the project folder/],
  ['a url that does not parse', 'a { background: url(http://evil.example/x.png }', 'url(', /cannot check/],
  ['a mask in @media', '@media screen { a { mask: url("http://evil.example/m.svg#m") } }', 'url(', /from another host/],
];

describe('a hostile theme is refused at its file:line:col', () => {
  it.each(HOSTILE)('%s', (_what, line, needle, says) => {
    const dir = project(`${PRE}${line}\n`);
    const file = join(dir, 'theme', 'custom.css');
    const col = line.indexOf(needle) + 1;
    expect(col).toBeGreaterThan(0);
    const problems = checkStylesheet(file, dir);
    expect(problems.map((p) => `${p.line}:${p.col}`)).toEqual([`${LINE}:${col}`]);
    expect(problems[0]).toMatchObject({ file, severity: 'error', message: expect.stringMatching(says) });
    // The bundler refuses the same, with the same position.
    let err: unknown;
    try {
      rewriteStylesheet(file, dir, () => 'x');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidDataError);
    expect((err as InvalidDataError).problems.map((p) => `${p.line}:${p.col}`)).toEqual([`${LINE}:${col}`]);
  });

  it('says what is wrong: another host, outside the project, absolute, not supported', () => {
    const dir = project(
      `${PRE}a { background: URL(http://evil.example/x.png) }\nb { background: url(../../outside.png) }\nc { background: url(/etc/passwd) }\n@import "other.css";\n`,
    );
    const problems = checkStylesheet(join(dir, 'theme', 'custom.css'), dir);
    expect(problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'the stylesheet loads http://evil.example/x.png from another host'],
      [4, 'url(../../outside.png) is outside the project folder'],
      [5, 'url(/etc/passwd) is an absolute path'],
      [6, '@import is not supported in themes'],
    ]);
    expect(problems.every((p) => p.hint)).toBe(true);
  });

  it('`ratsdeck validate` reports it (exit 3) at the theme, every problem at once', async () => {
    const dir = project(`${PRE}@import"http://evil.example/a.css";\na { background: u\\72l(http://evil.example/x.png) }\n`);
    const r = await runCli(['validate', join(dir, 'deck.yaml')], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('theme/custom.css:3:1: @import loads http://evil.example/a.css from another host');
    expect(r.stderr).toMatch(/theme\/custom\.css:4:17: u\\72l\(http:\/\/evil\.example\/x\.png\) is written in a way ratsdeck cannot check/);
  });

  it('`ratsdeck build` writes nothing, in the folder and in the single file', async () => {
    const dir = project(`${PRE}a { background: image-set("http://evil.example/x.png" 1x) }\n`);
    for (const extra of [[], ['--single-file']]) {
      const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', join(dir, 'out'), ...extra], dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain('theme/custom.css:3:27: the stylesheet loads http://evil.example/x.png from another host');
      expect(() => readdirSync(join(dir, 'out'))).toThrow();
    }
  });

  it('--theme with a hostile file is refused the same way (it is checked by the bundler)', async () => {
    const dir = project('body { color: red }\n', { 'other.css': `${PRE}a { background: URL(http://evil.example/x.png) }\n` });
    const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', join(dir, 'out'), '--theme', 'other.css'], dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('other.css:3:17: the stylesheet loads http://evil.example/x.png from another host');
  });
});

/** Every file under `dir`, relative, forward slashes. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

describe('a theme with good references', () => {
  const GOOD = [
    '@font-face { font-family: Own; src: url(fonts/own.woff2) format("woff2"), url(\'fonts/own.woff\') format("woff"); }',
    'body { font-family: Own, sans-serif; background: url("img/bg.png") no-repeat; }',
    '.a { background-image: image-set("img/bg.png" 1x, url(img/bg2.png) 2x); }',
    '.b { background: url(data:image/png;base64,iVBORw0KGgo=); filter: url(#schatten); }',
    '.c { background: url(my%20bild.png); }',
    '.d { background: url(../shared/stripe.png); }',
    '@namespace svg url(http://www.w3.org/2000/svg);',
  ].join('\n');
  const FILES = {
    'theme/fonts/own.woff2': 'woff2',
    'theme/fonts/own.woff': 'woff',
    'theme/img/bg.png': 'bg',
    'theme/img/bg2.png': 'bg2',
    'theme/my bild.png': 'mein bild',
    'shared/stripe.png': 'stripe',
  };

  it('validates, builds, and every file it names is copied into the deck folder', async () => {
    const dir = project(GOOD, FILES);
    expect(checkStylesheet(join(dir, 'theme', 'custom.css'), dir)).toEqual([]);
    const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', join(dir, 'out')], dir);
    expect(r.stderr).toBe(r.stderr.replace(/error/g, ''));
    expect(r.code).toBe(0);
    const out = join(dir, 'out', 'deck');
    const written = files(out);
    const css = readFileSync(join(out, 'ratsdeck', 'theme.css'), 'utf8');
    const refs = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)].map((m) => m[2]!).filter((u) => !/^(data:|#|http:\/\/www\.w3\.org)/.test(u));
    const strings = [...css.matchAll(/image-set\("([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length + strings.length).toBe(7);
    for (const ref of [...refs, ...strings]) {
      const target = posix.join('ratsdeck', ref.replace(/[?#].*$/, ''));
      expect(written, ref).toContain(target);
      expect(ref, 'only plain names are written').toMatch(/^[\w./-]+$/);
      expect(ref).not.toContain('..');
    }
    expect(readFileSync(join(out, 'ratsdeck', 'fonts', 'own.woff2'), 'utf8')).toBe('woff2');
    expect(readFileSync(join(out, 'ratsdeck', 'img', 'bg2.png'), 'utf8')).toBe('bg2');
    // Names a browser would read differently (a space, ../) are flattened to files/<hash>-name.
    const flat = written.filter((f) => f.startsWith('ratsdeck/files/'));
    expect(flat.map((f) => f.replace(/[0-9a-f]{8}-/, '')).sort()).toEqual(['ratsdeck/files/my_bild.png', 'ratsdeck/files/stripe.png']);
    expect(css).toContain('url(data:image/png;base64,iVBORw0KGgo=)');
    expect(css).toContain('url(#schatten)');
  });

  it('the single file inlines each of them as data:', async () => {
    const dir = project(GOOD, FILES);
    const r = await runCli(['build', join(dir, 'deck.yaml'), '--out', join(dir, 'out'), '--single-file'], dir);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'out', 'deck.html'), 'utf8');
    for (const text of ['woff2', 'woff', 'bg', 'bg2', 'mein bild', 'stripe']) {
      expect(html).toContain(Buffer.from(text).toString('base64'));
    }
    const style = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]).join('\n');
    for (const m of style.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) expect(m[2]).toMatch(/^(data:|#|http:\/\/www\.w3\.org\/2000\/svg$)/);
    const sets = [...style.matchAll(/image-set\(([^)]*)\)/g)].map((m) => m[1]!);
    expect(sets.length).toBeGreaterThan(0);
    for (const set of sets) for (const q of set.matchAll(/"([^"]*)"/g)) expect(q[1]).toMatch(/^data:/);
  });

  it('the CSS written is generated from the syntax tree: only the leading (licence) comment survives', () => {
    const dir = project(`/*! Lizenz: MIT */\n/* Stadt */\n${GOOD}\n/* note url(http://evil.example/x) */ p { color: red }`, FILES);
    const out = rewriteStylesheet(join(dir, 'theme', 'custom.css'), dir, (abs) => relative(dir, abs).split('\\').join('/').replace(/ /g, '_'));
    expect(out.startsWith('/* Stadt */\n/*! Lizenz: MIT */@font-face{')).toBe(true);
    expect(out).not.toContain('note');
    expect(out).toContain('url(theme/fonts/own.woff2)');
    expect(out).toContain('p{color:red}');
  });
});

describe('cssIsSelfContained (CSS inside an SVG)', () => {
  it.each([
    ['.a { fill: url(#g) }', 'stylesheet', true],
    ['.a { fill: url(data:image/png;base64,AA==) }', 'stylesheet', true],
    ['fill: red; stroke: url(#s)', 'declarationList', true],
    ['url(#g)', 'value', true],
    ['.a { fill: url(http://evil.example/#g) }', 'stylesheet', false],
    ['@import "x.css";', 'stylesheet', false],
    ['.a { fill: url(x.svg#g) }', 'stylesheet', false],
    ['background: u\\72l(//evil.example/x)', 'declarationList', false],
    ['url(http://evil.example/x)', 'value', false],
    // Declarations the parser keeps as raw text: inline data is harmless there, anything else is not.
    ['a { b: url(data:image/png;base64,AA==) {} }', 'stylesheet', true],
    ['a { b: url(//evil.example/x) {} }', 'stylesheet', false],
  ] as const)('%s → %s', (text, context, ok) => {
    expect(cssIsSelfContained(text, context)).toBe(ok);
  });
});
