/**
 * The bundle stage: RenderedDeck → files under out/<deck>/ (or one self-contained HTML file).
 *
 * Output is written atomically: everything goes to a temporary sibling first and replaces the
 * previous output only when complete, so a failed build leaves the last good output intact.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, posix } from 'node:path';
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
  if (r.draft) m.draft = true;
  return m;
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

/**
 * Every file of the deck folder: the deck page, the manifest, the handout page (when rendered),
 * reveal.js, the theme with the files its url()s name, fonts and images. Paths are relative to
 * the folder, with forward slashes. Writing them is the output stage's job (src/output).
 */
export function deckFolderFiles(rendered: RenderedDeck): Map<string, Buffer | string> {
  const files = new Map<string, Buffer | string>();
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
  return files;
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
