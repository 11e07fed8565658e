/**
 * Writes one deck into an output folder ratsdeck owns: out/<outputId>/ or out/<outputId>.html.
 *
 * A deck folder is replaced whole (built next to it, swapped in). What the old folder held
 * carries over only where it is still true: a PDF stays only when the document it was printed
 * from is byte-identical in the new build, and files ratsdeck did not write there are kept.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFailure } from '../errors.js';
import { deckFolderFiles, singleFileHtml } from '../bundle/bundle.js';
import { draftVariants, outputNamesFor, PNG_FILE } from '../model/outputs.js';
import type { RenderedDeck } from '../render/render.js';
import { markPrinted, type BuiltData } from './builds.js';
import { listFiles, type BuildSettings, type OutputRoot, type OwnedEntry, type PdfRecord } from './root.js';
import { replaceFolder, tempNameFor, writeFileAtomic } from './write.js';

export interface WrittenDeck {
  /** The folder or file written. */
  path: string;
  /** Its name in the output folder. */
  name: string;
  /** Paths of the files written, relative to `path` (for a folder) — sorted. */
  files: string[];
  bytes: number;
  /** Digest of the deck page and what it loads: a PDF printed from it records this. */
  digest: string;
  handoutDigest?: string;
  /** Files of the earlier output that were removed because they no longer matched (stale PDFs). */
  removed: string[];
}

const sha = (parts: Iterable<[string, Buffer | string]>) => {
  const h = createHash('sha256');
  for (const [k, v] of parts) h.update(`${k}\0${Buffer.byteLength(v)}\0`).update(v);
  return h.digest('hex');
};

/**
 * The digest of what the slides PDF is printed from (deck page, reveal.js, theme, images) and
 * of what the handout is printed from (handout page and the same files).
 */
export function folderDigests(files: Map<string, Buffer | string>, outputId: string): { digest: string; handoutDigest?: string } {
  const names = outputNamesFor(outputId);
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
  const shared = sorted.filter(([k]) => k !== names.deck && k !== names.manifest && !isHandoutFile(k, outputId));
  const handoutOnly = sorted.filter(([k]) => isHandoutFile(k, outputId));
  const deck = files.get(names.deck)!;
  return {
    digest: sha([[names.deck, deck], ...shared]),
    ...(files.has(names.handout) ? { handoutDigest: sha([...handoutOnly, ...shared]) } : {}),
  };
}

/** The handout page and the files only it loads: written only when a handout is printed. */
function isHandoutFile(rel: string, outputId: string): boolean {
  return rel === outputNamesFor(outputId).handout || /^ratsdeck\/handout\.[a-z]+$/.test(rel);
}

/**
 * What a deck folder may hold that is made from one of its documents after the build — the
 * PDFs, the PowerPoint file and the slide PNGs, final and draft (`--draft`) — and which document
 * that is. Each stays only while its document is unchanged, so a final build removes the draft
 * PDFs (its deck page has no ENTWURF) and a draft build the final ones.
 */
export function derivedFrom(rel: string, outputId: string): PdfRecord['from'] | undefined {
  const { final, draft } = draftVariants(outputId);
  if (PNG_FILE.test(rel)) return 'slides';
  for (const n of [final, draft]) {
    if (rel === n.slidesPdf || rel === n.pptx) return 'slides';
    if (rel === n.handoutPdf) return 'handout';
  }
  return undefined;
}

/**
 * `builds` is what the output is built from (builds.ts), recorded with it; without it, the
 * earlier record of that is kept.
 */
export function writeDeckFolder(root: OutputRoot, rendered: RenderedDeck, deckFile: string, settings: BuildSettings = {}, builds?: BuiltData[]): WrittenDeck {
  const name = rendered.outputId;
  root.claim(name, 'deck-folder', deckFile);
  const final = join(root.dir, name);
  const names = outputNamesFor(name);
  const files = deckFolderFiles(rendered);
  const { digest, handoutDigest } = folderDigests(files, name);
  const previous = root.entry(name);
  const tmp = tempNameFor(final);
  const removed: string[] = [];
  const pdfs: Record<string, PdfRecord> = {};
  let keptHandout: string | undefined;
  try {
    mkdirSync(tmp, { recursive: true });
    let bytes = 0;
    for (const [rel, content] of files) {
      const p = join(tmp, ...rel.split('/'));
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    }
    if (previous && existsSync(final)) {
      const ours = new Set(previous.files ?? []);
      for (const rel of listFiles(final)) {
        if (files.has(rel)) continue;
        const kind = derivedFrom(rel, name);
        if (kind) {
          const rec = previous.pdfs?.[rel];
          // The handout page is rendered only for PDFs; an HTML-only build keeps the last one
          // when the deck page is unchanged (then the handout is too) and its PDF matches it.
          const unchangedHandout = kind === 'handout' && !handoutDigest && previous.digest === digest && rec?.digest === previous.handoutDigest;
          const current = rec && (kind === 'slides' ? rec.digest === digest : rec.digest === handoutDigest || unchangedHandout);
          if (current) {
            carry(final, tmp, rel);
            pdfs[rel] = rec;
            if (unchangedHandout) {
              for (const f of listFiles(final)) if (isHandoutFile(f, name) && !files.has(f)) carry(final, tmp, f);
              keptHandout = previous.handoutDigest;
            }
          } else removed.push(rel);
          continue;
        }
        if (isHandoutFile(rel, name)) continue;
        // Not ratsdeck's: someone put it there. It stays.
        if (!ours.has(rel) && !(previous.files === undefined && isOurs(rel))) carry(final, tmp, rel);
      }
    }
    replaceFolder(tmp, final);
    const written = [...new Set([...files.keys(), ...Object.keys(pdfs), ...(keptHandout ? listFiles(tmp).filter((f) => isHandoutFile(f, name)) : [])])].sort();
    const hd = handoutDigest ?? keptHandout;
    const entry: OwnedEntry = {
      kind: 'deck-folder',
      audience: rendered.view.nonpublic ? 'nonpublic' : 'public',
      deck: deckFile,
      digest,
      ...(hd ? { handoutDigest: hd } : {}),
      files: written,
      ...(Object.keys(pdfs).length ? { pdfs } : {}),
      settings,
      ...buildsOf(builds, previous),
    };
    root.set(name, entry);
    return { path: final, name, files: [...files.keys()].sort(), bytes, digest, ...(handoutDigest ? { handoutDigest } : {}), removed };
  } catch (err) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // Nothing was created where nothing can be (the path is no folder).
    }
    throw writeFailure(err, final);
  }
}

/** A folder adopted from an earlier ratsdeck has no file list: its usual files count as ours. */
function isOurs(rel: string): boolean {
  return /^(index|handout)(-nichtoeffentlich)?\.html$/.test(rel) || /^ratsdeck(-nichtoeffentlich)?\.json$/.test(rel) || /^(ratsdeck|assets)\//.test(rel) || /\.pdf$/.test(rel);
}

function carry(from: string, to: string, rel: string): void {
  const src = join(from, ...rel.split('/'));
  const dst = join(to, ...rel.split('/'));
  mkdirSync(dirname(dst), { recursive: true });
  try {
    linkSync(src, dst);
  } catch {
    copyFileSync(src, dst);
  }
}

function buildsOf(builds: BuiltData[] | undefined, previous: OwnedEntry | undefined): { builds?: BuiltData[] } {
  const list = builds ?? previous?.builds;
  return list?.length ? { builds: list } : {};
}

export function writeSingleFile(root: OutputRoot, rendered: RenderedDeck, deckFile: string, settings: BuildSettings = {}, builds?: BuiltData[]): WrittenDeck {
  const name = outputNamesFor(rendered.outputId, { draft: rendered.draft }).singleFile;
  root.claim(name, 'deck-file', deckFile);
  const file = join(root.dir, name);
  const html = singleFileHtml(rendered);
  writeFileAtomic(file, html);
  const digest = sha([[name, html]]);
  const previous = root.entry(name);
  root.set(name, {
    kind: 'deck-file',
    audience: rendered.view.nonpublic ? 'nonpublic' : 'public',
    deck: deckFile,
    digest,
    settings: { ...settings, singleFile: true },
    ...buildsOf(builds, previous),
  });
  return { path: file, name, files: [name], bytes: Buffer.byteLength(html), digest, removed: [] };
}

/**
 * Records a PDF printed into a deck folder, with the digest of the document it came from; the
 * data of the build it was printed from counts as handed out (builds.ts).
 */
export function recordPdf(root: OutputRoot, outputId: string, pdf: string, rec: PdfRecord, at: Date = new Date()): void {
  recordDerived(root, outputId, [pdf], rec, { printed: at });
}

/**
 * Records files made from a deck folder's document (a PDF, the .pptx, the slide PNGs). With
 * `replacing`, earlier recorded files it matches that are not among `files` are removed (the
 * PNGs of slides the deck no longer has); their names are returned. `printed`: the newest
 * build counts as handed out at that time (a PDF).
 */
export function recordDerived(root: OutputRoot, outputId: string, files: string[], rec: PdfRecord, opts: { replacing?: RegExp; printed?: Date } = {}): string[] {
  const gone: string[] = [];
  root.update(outputId, (e) => {
    const keep = new Set(files);
    const pdfs: Record<string, PdfRecord> = {};
    for (const [k, v] of Object.entries(e.pdfs ?? {})) {
      if (opts.replacing?.test(k) && !keep.has(k)) gone.push(k);
      else pdfs[k] = v;
    }
    for (const f of files) pdfs[f] = rec;
    return {
      ...e,
      files: [...new Set([...(e.files ?? []).filter((f) => !gone.includes(f)), ...files])].sort(),
      pdfs,
      ...(opts.printed && e.builds?.length ? { builds: markPrinted(e.builds, opts.printed) } : {}),
    };
  });
  const dir = join(root.dir, outputId);
  for (const f of gone) rmSync(join(dir, ...f.split('/')), { force: true });
  return gone;
}

