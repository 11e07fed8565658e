/**
 * Writes the session archive (out/index.html, or out/index-nichtoeffentlich.html for the
 * non-public audience) from the decks built into the output folder. Each deck folder carries
 * a small manifest (ratsdeck.json) with what the archive lists: only data its audience may see.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LISTING_FIELDS, archiveName, outputNamesFor, type DeckListing } from '../model/outputs.js';
import type { OutputRoot } from '../output/root.js';
import { writeFileAtomic } from '../output/write.js';
import { renderArchive, type ArchiveEntry, type ArchiveOptions } from '../render/archive.js';

/** The manifest of a public build; a non-public one's is ratsdeck-nichtoeffentlich.json. */
export const MANIFEST = 'ratsdeck.json';
/** A single-file deck carries its manifest in `<meta name="ratsdeck-manifest" content="…">`. */
export const MANIFEST_META = 'ratsdeck-manifest';

export interface DeckManifest extends DeckListing {
  format: 1;
  audience: 'public' | 'nonpublic';
}

export function archiveFile(outDir: string, audience: 'public' | 'nonpublic'): string {
  return join(outDir, archiveName(audience));
}

function readManifest(file: string): DeckManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as DeckManifest;
    return m && m.format === 1 && typeof m.outputId === 'string' ? m : undefined;
  } catch {
    return undefined;
  }
}

function readMetaManifest(file: string): DeckManifest | undefined {
  try {
    // The meta element sits in the head: the first 64 KB are enough.
    const fd = openSync(file, 'r');
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    const head = buf.subarray(0, n).toString('utf8');
    const m = new RegExp(`<meta name="${MANIFEST_META}" content="([^"]*)">`).exec(head);
    if (!m) return undefined;
    const json = m[1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const parsed = JSON.parse(json) as DeckManifest;
    return parsed && parsed.format === 1 && typeof parsed.outputId === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the archive page for one audience from what the output folder's record says ratsdeck
 * wrote there (never from whatever else lies in the folder); returns its path. Only the PDFs
 * the record lists are linked: a PDF is recorded only while it matches its deck (output/deck.ts).
 */
export function writeArchive(root: OutputRoot, audience: 'public' | 'nonpublic', opts: Omit<ArchiveOptions, 'nonpublic'>): string {
  const entries: ArchiveEntry[] = [];
  const byId = new Map<string, ArchiveEntry>();
  const outDir = root.dir;
  for (const [name, owned] of root.entries(audience)) {
    if (owned.kind === 'archive') continue;
    const folder = owned.kind === 'deck-folder';
    const id = folder ? name : name.replace(/\.html$/, '');
    const names = outputNamesFor(id);
    const listed = byId.get(id);
    if (!folder && listed) {
      listed.single = name;
      continue;
    }
    const m = folder ? readManifest(join(outDir, name, names.manifest)) : readMetaManifest(join(outDir, name));
    // A public archive never lists a non-public build, whatever the record or the folder says.
    if (!m || m.audience !== audience || m.outputId !== id) continue;
    let e = byId.get(id);
    if (!e) {
      e = { outputId: m.outputId, title: m.title };
      for (const k of LISTING_FIELDS) if (m[k]) e[k] = m[k];
      byId.set(id, e);
      entries.push(e);
    }
    if (folder) {
      const files = new Set(owned.files ?? []);
      if (files.has(names.deck)) e.html = `${name}/${names.deck}`;
      if (owned.pdfs?.[names.slidesPdf] && files.has(names.slidesPdf)) e.pdf = `${name}/${names.slidesPdf}`;
      if (owned.pdfs?.[names.handoutPdf] && files.has(names.handoutPdf)) e.handout = `${name}/${names.handoutPdf}`;
      if (owned.pdfs?.[names.pptx] && files.has(names.pptx)) e.pptx = `${name}/${names.pptx}`;
    } else e.single = name;
  }
  const html = renderArchive(entries, { ...opts, nonpublic: audience === 'nonpublic' });
  const file = archiveFile(outDir, audience);
  const name = basename(file);
  root.claim(name, 'archive');
  writeFileAtomic(file, html);
  root.set(name, { kind: 'archive', audience });
  return file;
}
