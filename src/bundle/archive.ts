/**
 * Writes the session archive (out/index.html, or out/index-nichtoeffentlich.html for the
 * non-public audience) from the decks built into the output folder. Each deck folder carries
 * a small manifest (ratsdeck.json) with what the archive lists: only data its audience may see.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DRAFT_SUFFIX, LISTING_FIELDS, archiveName, outputNamesFor, type DeckListing } from '../model/outputs.js';
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
  /** Built with --draft: the archive marks it. */
  draft?: boolean;
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
  const fromFolder = new Set<string>();
  for (const [name, owned] of root.entries(audience)) {
    if (owned.kind === 'archive') continue;
    const folder = owned.kind === 'deck-folder';
    if (!folder) {
      // The single file of a deck listed by its folder already: <id>.html, or the draft <id>-entwurf.html.
      const base = name.replace(/\.html$/, '');
      const asFinal = byId.get(base);
      const listed = asFinal ?? (base.endsWith(DRAFT_SUFFIX) ? byId.get(base.slice(0, -DRAFT_SUFFIX.length)) : undefined);
      if (listed) {
        listed.single = name;
        if (!asFinal) listed.singleDraft = true;
        continue;
      }
    }
    const m = folder ? readManifest(join(outDir, name, outputNamesFor(name).manifest)) : readMetaManifest(join(outDir, name));
    // A public archive never lists a non-public build, whatever the record or the folder says.
    if (!m || m.audience !== audience) continue;
    const id = m.outputId;
    const names = outputNamesFor(id, { draft: !!m.draft });
    // The record's name is this output's own: its folder, or its single file (final or draft).
    if (folder ? name !== names.folder : name !== names.singleFile) continue;
    let e = byId.get(id);
    if (!e) {
      e = { outputId: m.outputId, title: m.title };
      for (const k of LISTING_FIELDS) if (m[k]) e[k] = m[k];
      byId.set(id, e);
      entries.push(e);
    }
    if (folder) {
      // The deck folder says whether the deck is a draft; its PDFs carry the draft names then.
      fromFolder.add(id);
      if (m.draft) e.draft = true;
      else delete e.draft;
      const files = new Set(owned.files ?? []);
      if (files.has(names.deck)) e.html = `${name}/${names.deck}`;
      for (const n of [names, outputNamesFor(id, { draft: !m.draft })]) {
        if (!e.pdf && owned.pdfs?.[n.slidesPdf] && files.has(n.slidesPdf)) e.pdf = `${name}/${n.slidesPdf}`;
        if (!e.handout && owned.pdfs?.[n.handoutPdf] && files.has(n.handoutPdf)) e.handout = `${name}/${n.handoutPdf}`;
        if (!e.pptx && owned.pdfs?.[n.pptx] && files.has(n.pptx)) e.pptx = `${name}/${n.pptx}`;
      }
    } else {
      e.single = name;
      if (m.draft) e.singleDraft = true;
      if (m.draft && !fromFolder.has(id)) e.draft = true;
    }
  }
  const html = renderArchive(entries, { ...opts, nonpublic: audience === 'nonpublic' });
  const file = archiveFile(outDir, audience);
  const name = basename(file);
  root.claim(name, 'archive');
  writeFileAtomic(file, html);
  root.set(name, { kind: 'archive', audience });
  return file;
}
