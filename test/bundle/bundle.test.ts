/**
 * The bundle stage (src/bundle/bundle.ts): the deck folder and the single file. Works on a
 * RenderedDeck of test/fixtures/render/golden/ and writes only into a temp folder.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { singleFileHtml } from '../../src/bundle/bundle.js';
import { recordBuild } from '../../src/output/builds.js';
import { recordPdf, writeDeckFolder as writeFolderTo, writeSingleFile as writeFileTo } from '../../src/output/deck.js';
import type { Snapshot } from '../../src/model/snapshot.js';
import { OutputRoot } from '../../src/output/root.js';
import { deckFileBytes } from '../../src/bundle/svg.js';
import { ExitCode, RatsdeckError } from '../../src/errors.js';
import type { BundleAsset, RenderedDeck } from '../../src/render/render.js';
import { FIXTURES, renderFile, scanTags } from '../render/helpers.js';

let tmp: string;
let rendered: RenderedDeck;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-bundle-'));
  rendered = await renderFile(`${FIXTURES}/render/golden/deck.yaml`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The deck written as out/<name>/ of the output folder `dirname(dir)` (no project of its own). */
function writeDeckFolder(r: RenderedDeck, dir: string) {
  return writeFolderTo(OutputRoot.open(dirname(dir), join(tmp, 'no-project')), { ...r, outputId: basename(dir) }, join(tmp, 'deck.yaml'));
}

function writeSingleFile(r: RenderedDeck, file: string) {
  return writeFileTo(OutputRoot.open(dirname(file), join(tmp, 'no-project')), { ...r, outputId: basename(file, '.html') }, join(tmp, 'deck.yaml'));
}

/** Every file under `dir` (forward slashes, sorted). */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** Path → sha256 of every file under `dir`: "byte for byte the same" is this unchanged. */
function digest(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

/** A fresh folder under the temp folder. */
function fresh(name: string): string {
  const d = join(tmp, name);
  rmSync(d, { recursive: true, force: true });
  mkdirSync(d, { recursive: true });
  return d;
}

/** The local references of the deck: src/href in the HTML and url() in its stylesheets. */
function localRefs(folder: string): { from: string; ref: string }[] {
  const refs: { from: string; ref: string }[] = [];
  for (const t of scanTags(readFileSync(join(folder, 'index.html'), 'utf8'))) {
    for (const attr of ['src', 'href']) {
      const v = t.attrs.get(attr);
      if (v && !/^(https?:|mailto:|#|data:)/.test(v)) refs.push({ from: 'index.html', ref: v });
    }
  }
  for (const f of files(folder).filter((x) => x.endsWith('.css'))) {
    for (const m of readFileSync(join(folder, f), 'utf8').matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
      if (!m[2]!.startsWith('data:')) refs.push({ from: f, ref: posix.join(posix.dirname(f), m[2]!) });
    }
  }
  return refs;
}

describe('writeDeckFolder', () => {
  it('writes index.html, reveal.js, the theme, its fonts and the images, and lists them in the manifest', () => {
    const out = join(fresh('folder'), 'deck');
    const m = writeDeckFolder(rendered, out);
    expect(m.path).toBe(out);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(rendered.html);
    const written = files(out);
    expect(m.files).toEqual(written);
    expect(m.bytes).toBe(written.reduce((n, f) => n + statSync(join(out, f)).size, 0));
    for (const a of rendered.assets) expect(written).toContain(a.to);
    expect(written).toEqual(expect.arrayContaining(['ratsdeck/reveal.js', 'ratsdeck/notes.js', 'ratsdeck/init.js', 'ratsdeck/reveal.css', 'ratsdeck/theme.css']));
    expect(written.filter((f) => /^ratsdeck\/fonts\/.+\.woff2$/.test(f)).length).toBeGreaterThan(0);
    // Scripts and raster images are copied unchanged; SVGs as sanitised (svg.test.ts).
    const svgs = rendered.assets.filter((x) => x.from.endsWith('.svg'));
    expect(svgs.length).toBeGreaterThan(0);
    for (const a of rendered.assets.filter((x) => x.kind !== 'style')) {
      expect(readFileSync(join(out, a.to)).equals(deckFileBytes(a.from)), a.to).toBe(true);
      if (!a.from.endsWith('.svg')) expect(readFileSync(join(out, a.to)).equals(readFileSync(a.from)), a.to).toBe(true);
    }
  });

  it('every file the HTML and the CSS refer to is inside the folder; nothing refers outside it', () => {
    const out = join(fresh('refs'), 'deck');
    writeDeckFolder(rendered, out);
    const refs = localRefs(out);
    expect(refs.length).toBeGreaterThan(10);
    const present = new Set(files(out));
    for (const { from, ref } of refs) {
      expect(ref.startsWith('/') || ref.startsWith('..') || posix.normalize(ref).startsWith('..'), `${from}: ${ref}`).toBe(false);
      expect(present.has(posix.normalize(ref)), `${from} refers to ${ref}`).toBe(true);
    }
  });

  it('replaces the previous output as a whole, keeps what ratsdeck did not write, and leaves no temporary folder behind', () => {
    const parent = fresh('replace');
    const out = join(parent, 'deck');
    const png = join(tmp, 'stale.png');
    writeFileSync(png, 'old');
    writeDeckFolder({ ...rendered, html: 'old', assets: [...rendered.assets, { from: png, to: 'assets/stale.png', kind: 'image' }] }, out);
    expect(existsSync(join(out, 'assets', 'stale.png'))).toBe(true);
    // Someone keeps a note in the folder: not ratsdeck's, so it stays.
    writeFileSync(join(out, 'notiz.txt'), 'meine Notiz');
    writeDeckFolder(rendered, out);
    expect(existsSync(join(out, 'assets', 'stale.png'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(rendered.html);
    expect(readFileSync(join(out, 'notiz.txt'), 'utf8')).toBe('meine Notiz');
    expect(readdirSync(parent).sort()).toEqual(['.ratsdeck-output.json', 'deck']);
  });

  it('a failure part-way leaves the previous output byte for byte intact and no temporary folder', () => {
    const parent = fresh('atomic');
    const out = join(parent, 'deck');
    writeDeckFolder(rendered, out);
    const before = digest(out);
    const broken: RenderedDeck = {
      ...rendered,
      html: '<!doctype html><title>new</title>',
      assets: [...rendered.assets, { from: join(tmp, 'does-not-exist.png'), to: 'assets/missing.png', kind: 'image' }],
    };
    expect(() => writeDeckFolder(broken, out)).toThrow();
    expect(digest(out)).toEqual(before);
    expect(readdirSync(parent).sort()).toEqual(['.ratsdeck-output.json', 'deck']);
  });

  it('is reproducible: two writes give the same bytes', () => {
    const a = join(fresh('repro-a'), 'deck');
    const b = join(fresh('repro-b'), 'deck');
    writeDeckFolder(rendered, a);
    writeDeckFolder(rendered, b);
    expect(digest(a)).toEqual(digest(b));
  });
});

describe('stylesheets: nothing from other hosts', () => {
  function withCss(css: string): RenderedDeck {
    const dir = fresh(`css-${createHash('sha256').update(css).digest('hex').slice(0, 8)}`);
    writeFileSync(join(dir, 'extra.css'), css);
    mkdirSync(join(dir, 'fonts'), { recursive: true });
    writeFileSync(join(dir, 'fonts', 'own.woff2'), 'font');
    const asset: BundleAsset = { from: join(dir, 'extra.css'), to: 'ratsdeck/extra.css', kind: 'style' };
    return {
      ...rendered,
      html: rendered.html.replace('</head>', '<link rel="stylesheet" href="ratsdeck/extra.css">\n</head>'),
      assets: [...rendered.assets, asset],
    };
  }

  it.each([
    ['a web font', "@font-face { font-family: X; src: url(https://fonts.gstatic.com/s/x.woff2); }"],
    ['a protocol-relative URL', 'body { background: url(//cdn.example.org/bg.png); }'],
    ['a quoted http URL', 'body { background: url("http://example.org/bg.png"); }'],
  ])('refuses %s (exit 3 at the CSS line), in the folder and in the single file', (_what, css) => {
    const deck = withCss(css);
    for (const run of [() => writeDeckFolder(deck, join(fresh('remote'), 'deck')), () => singleFileHtml(deck)]) {
      let err: unknown;
      try {
        run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RatsdeckError);
      expect((err as RatsdeckError).exitCode).toBe(ExitCode.INVALID_DATA);
      expect((err as RatsdeckError).problems).toMatchObject([{ line: 1, message: expect.stringMatching(/from another host/) }]);
    }
  });

  it('refuses @import', () => {
    let err: unknown;
    try {
      singleFileHtml(withCss("@import url('other.css');"));
    } catch (e) {
      err = e;
    }
    expect((err as RatsdeckError).problems).toMatchObject([{ line: 1, col: 1, message: '@import is not supported in themes' }]);
  });

  it('copies a relative url() next to the CSS into the folder, and inlines it as data: in the single file', () => {
    const deck = withCss('@font-face { font-family: Own; src: url(fonts/own.woff2) format("woff2"); }');
    const out = join(fresh('own-font'), 'deck');
    writeDeckFolder(deck, out);
    expect(readFileSync(join(out, 'ratsdeck', 'fonts', 'own.woff2'), 'utf8')).toBe('font');
    const html = singleFileHtml(deck);
    expect(html).toContain(`url(data:font/woff2;base64,${Buffer.from('font').toString('base64')})`);
  });

  it('an inlined stylesheet cannot close its <style> element', () => {
    const html = singleFileHtml(withCss("/* </style><script>alert('css')</script> */ body { color: red; }"));
    expect(html).not.toContain("</style><script>alert('css')");
    expect(scanTags(html).filter((t) => t.name === 'script').every((t) => !t.raw.includes('alert'))).toBe(true);
  });
});

describe('the record of what a deck was built from (issue 11)', () => {
  const snapshot = { format: 1, generator: 'ratsdeck test', deck: 'deck', audience: 'public', title: 'T', date: '2021-05-20', activities: [], networks: [] } as Snapshot;
  it('is kept with the entry, kept over a write without one, and marked printed by recordPdf', () => {
    const outDir = fresh('record-builds');
    const root = () => OutputRoot.open(outDir, join(tmp, 'no-project'));
    const builds = recordBuild([], snapshot, new Date('2021-05-18T08:00:00Z'), '2021-05-20');
    writeFolderTo(root(), { ...rendered, outputId: 'deck' }, join(tmp, 'deck.yaml'), {}, builds);
    expect(root().entry('deck')!.builds).toEqual(builds);
    writeFolderTo(root(), { ...rendered, outputId: 'deck' }, join(tmp, 'deck.yaml'));
    expect(root().entry('deck')!.builds).toEqual(builds);
    recordPdf(root(), 'deck', 'deck.pdf', { from: 'slides', digest: root().entry('deck')!.digest! }, new Date('2021-05-18T08:10:00Z'));
    expect(root().entry('deck')!.builds![0]!.printed).toBe('2021-05-18T08:10:00.000Z');
    writeFileTo(root(), { ...rendered, outputId: 'deck' }, join(tmp, 'deck.yaml'), {}, builds);
    expect(root().entry('deck.html')!.builds).toEqual(builds);
  });
});

describe('singleFileHtml / writeSingleFile', () => {
  let html: string;
  beforeAll(() => {
    html = singleFileHtml(rendered);
  });

  it('inlines every stylesheet, script and image: no reference to a file is left', () => {
    const tags = scanTags(html);
    expect(tags.filter((t) => t.name === 'link')).toEqual([]);
    expect(tags.filter((t) => t.name === 'script' && t.attrs.has('src'))).toEqual([]);
    expect(tags.filter((t) => t.name === 'script')).toHaveLength(rendered.assets.filter((a) => a.kind === 'script').length);
    expect(tags.filter((t) => t.name === 'style').length).toBeGreaterThanOrEqual(rendered.assets.filter((a) => a.kind === 'style').length);
    for (const t of tags) {
      const ref = t.attrs.get('src') ?? (t.name === 'a' ? undefined : t.attrs.get('href'));
      if (ref !== undefined) expect(ref, t.raw.slice(0, 80)).toMatch(/^data:/);
    }
    for (const style of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
      for (const m of style[1]!.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) expect(m[2]!.trim()).toMatch(/^(data:|#)/);
    }
    expect(html).not.toMatch(/(src|href)="(ratsdeck|assets)\//);
  });

  it('images become data: URLs of the files as the folder holds them (SVGs sanitised)', () => {
    const images = rendered.assets.filter((x) => x.kind === 'image');
    expect(images.length).toBeGreaterThan(0);
    for (const a of images) {
      expect(html).toContain(`src="data:image/svg+xml;base64,${deckFileBytes(a.from).toString('base64')}"`);
    }
  });

  it('an inlined script cannot end its <script> element early', () => {
    const dir = fresh('script');
    writeFileSync(join(dir, 'evil.js'), "var s = '</script><script>alert(\"early\")</script>'; // <!-- x\n");
    const deck: RenderedDeck = {
      ...rendered,
      html: rendered.html.replace('</body>', '<script src="ratsdeck/evil.js"></script>\n</body>'),
      assets: [...rendered.assets, { from: join(dir, 'evil.js'), to: 'ratsdeck/evil.js', kind: 'script' }],
    };
    const one = singleFileHtml(deck);
    const scripts = scanTags(one).filter((t) => t.name === 'script');
    expect(scripts).toHaveLength(deck.assets.filter((a) => a.kind === 'script').length);
    expect(one).toContain("var s = '<\\/script><script>alert(\"early\")<\\/script>'; // <\\!-- x");
  });

  it('is reproducible and writeSingleFile writes exactly that, atomically', () => {
    expect(singleFileHtml(rendered)).toBe(html);
    const dir = fresh('single');
    const m = writeSingleFile(rendered, join(dir, 'deck.html'));
    expect(m).toMatchObject({ path: join(dir, 'deck.html'), files: ['deck.html'], bytes: Buffer.byteLength(html) });
    expect(readFileSync(join(dir, 'deck.html'), 'utf8')).toBe(html);
    expect(readdirSync(dir).sort()).toEqual(['.ratsdeck-output.json', 'deck.html']);
  });
});

describe('theme files from the project', () => {
  it('a theme url() that points outside the project folder is refused at validation, at the theme line', async () => {
    // The project folder sits inside `root`; the file the theme points at is beside it.
    const root = fresh('theme-outside');
    const project = join(root, 'project');
    cpSync(`${FIXTURES}/render/golden`, project, { recursive: true });
    writeFileSync(join(root, 'private.txt'), 'not part of the project');
    writeFileSync(join(project, 'custom.css'), '/* Stadt */\nbody { background: url(../private.txt); }');
    writeFileSync(join(project, 'deck.yaml'), readFileSync(join(project, 'deck.yaml'), 'utf8').replace(/^title:/m, 'theme: custom.css\ntitle:'));
    await expect(renderFile(join(project, 'deck.yaml'))).rejects.toThrow(/custom\.css:2:20: url\(\.\.\/private\.txt\) is outside the project folder/);
  });
});
