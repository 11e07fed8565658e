/**
 * The bundle stage: RenderedDeck → files under out/<deck>/ (or one self-contained HTML file).
 *
 * Output is written atomically: everything goes to a temporary sibling first and replaces the
 * previous output only when complete, so a failed build leaves the last good output intact.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, posix, resolve } from 'node:path';
import type { BundleAsset, RenderedDeck } from '../render/render.js';
import { MANIFEST_META, type DeckManifest } from './archive.js';
import { outputNamesFor } from '../model/outputs.js';
import { rewriteStylesheet, type LocalRef } from './css.js';
import { deckFileBytes, svgFileProblem } from './svg.js';

/** What the archive lists about a deck: values already selected for the build's audience. */
function manifestOf(r: RenderedDeck): DeckManifest {
  const v = r.view;
  const m: DeckManifest = { format: 1, outputId: r.outputId, audience: v.nonpublic ? 'nonpublic' : 'public', title: v.title };
  if (r.date) m.date = r.date;
  if (v.sessionTime) m.time = v.sessionTime;
  if (v.committee) m.committee = v.committee;
  if (v.agendaItem) m.agendaItem = v.agendaItem;
  if (v.paperReference) m.paper = v.paperReference;
  if (v.result) m.result = v.result;
  return m;
}

export interface OutputManifest {
  /** The folder or file written. */
  path: string;
  /** Paths of the files written, relative to `path` (for a folder) — sorted. */
  files: string[];
  bytes: number;
}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.css': 'text/css',
  '.js': 'text/javascript',
};

function dataUrl(file: string): string {
  const mime = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  return `data:${mime};base64,${deckFileBytes(file).toString('base64')}`;
}

/**
 * Reads a stylesheet and resolves its references (css.ts). `mapUrl` decides what each local
 * file becomes (a path next to the CSS, or a data URL). Remote and outside references are
 * refused: the deck must load nothing from other hosts.
 */
function processCss(asset: BundleAsset, mapUrl: (abs: string, ref: LocalRef) => string): string {
  return rewriteStylesheet(asset.from, asset.root ?? dirname(asset.from), mapUrl, { fileProblem: svgFileProblem });
}

function swapInto(tmp: string, final: string): void {
  const old = `${final}.old-${process.pid}`;
  const had = existsSync(final);
  if (had) renameSync(final, old);
  try {
    renameSync(tmp, final);
  } catch (err) {
    if (had) renameSync(old, final);
    throw err;
  }
  if (had) rmSync(old, { recursive: true, force: true });
}

/** A stylesheet as the deck folder holds it, and the files its url() references name. */
export interface FolderStylesheet {
  css: string;
  /** `to` is the path inside the output folder (forward slashes), like BundleAsset.to. */
  files: { from: string; to: string }[];
}

/**
 * Resolves a stylesheet's url() references the way writeDeckFolder writes them (also used by
 * `ratsdeck serve`, which serves the same paths from memory).
 */
export function folderStylesheet(asset: BundleAsset): FolderStylesheet {
  const cssDir = posix.dirname(asset.to);
  const files: { from: string; to: string }[] = [];
  const css = processCss(asset, (abs, ref) => {
    const clean = posix.normalize(ref.path);
    // Keep plain relative paths that stay below the CSS's folder; flatten the rest.
    const target = /^[\w.-]+(\/[\w.-]+)*$/.test(clean) && !clean.split('/').includes('..')
      ? clean
      : `files/${createHash('sha256').update(abs).digest('hex').slice(0, 8)}-${basename(abs).replace(/[^\w.-]/g, '_')}`;
    files.push({ from: abs, to: posix.join(cssDir, target) });
    return target + ref.suffix;
  });
  return { css, files };
}

/** Writes the deck folder: index.html, ratsdeck/ (reveal.js, CSS, fonts) and assets/. */
export function writeDeckFolder(rendered: RenderedDeck, dir: string): OutputManifest {
  const final = resolve(dir);
  const parent = dirname(final);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(final)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const files = new Map<string, Buffer | string>();
  try {
    const names = outputNamesFor(rendered.outputId);
    files.set(names.deck, rendered.html);
    files.set(names.manifest, JSON.stringify(manifestOf(rendered), null, 2) + '\n');
    if (rendered.handoutHtml) files.set(names.handout, rendered.handoutHtml);
    for (const a of rendered.assets) {
      if (a.kind === 'style') {
        const sheet = folderStylesheet(a);
        for (const f of sheet.files) files.set(f.to, deckFileBytes(f.from));
        files.set(a.to, sheet.css);
      } else {
        files.set(a.to, deckFileBytes(a.from));
      }
    }
    let bytes = 0;
    for (const [rel, content] of files) {
      const p = join(tmp, ...rel.split('/'));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    }
    keepPdfs(final, tmp, files);
    swapInto(tmp, final);
    return { path: final, files: [...files.keys()].sort(), bytes };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The PDFs printed into the folder earlier move into the new folder: rebuilding the HTML must
 * not destroy them (a print that fails afterwards leaves the previous PDF in place).
 */
function keepPdfs(final: string, tmp: string, written: Map<string, unknown>): void {
  if (!existsSync(final)) return;
  for (const ent of readdirSync(final, { withFileTypes: true })) {
    if (!ent.isFile() || !/\.pdf$/i.test(ent.name) || written.has(ent.name)) continue;
    const from = join(final, ent.name);
    const to = join(tmp, ent.name);
    try {
      linkSync(from, to);
    } catch {
      copyFileSync(from, to);
    }
  }
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes a script's text so it cannot close the <script> element it is inlined into. */
function inlineScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The whole deck as one HTML file: scripts, CSS, fonts and images inlined (opens from file://). */
export function singleFileHtml(rendered: RenderedDeck): string {
  // The archive's manifest travels inside the file (a folder build has ratsdeck.json instead).
  const meta = `<meta name="${MANIFEST_META}" content="${escapeAttr(JSON.stringify(manifestOf(rendered)))}">`;
  let html = rendered.html.replace('<meta name="generator" content="ratsdeck">', (m) => `${m}\n${meta}`);
  for (const a of rendered.assets) {
    const href = escapeRegExp(a.to);
    if (a.kind === 'style') {
      const css = processCss(a, (abs) => dataUrl(abs));
      html = html.replace(new RegExp(`<link rel="stylesheet" href="${href}">`), () => `<style>\n${css.replace(/<\/style/gi, '<\\/style')}\n</style>`);
    } else if (a.kind === 'script') {
      const js = readFileSync(a.from, 'utf8');
      html = html.replace(new RegExp(`<script src="${href}"></script>`), () => `<script>\n${inlineScript(js)}\n</script>`);
    } else {
      const url = dataUrl(a.from);
      html = html.replace(new RegExp(`(src|href)="${href}"`, 'g'), (_m, attr: string) => `${attr}="${url}"`);
    }
  }
  return html;
}

export function writeSingleFile(rendered: RenderedDeck, file: string): OutputManifest {
  const final = resolve(file);
  mkdirSync(dirname(final), { recursive: true });
  const html = singleFileHtml(rendered);
  const tmp = `${final}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, final);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return { path: final, files: [basename(final)], bytes: Buffer.byteLength(html) };
}
