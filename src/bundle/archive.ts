/**
 * Writes the session archive (out/index.html, or out/index-nichtoeffentlich.html for the
 * non-public audience) from the decks built into the output folder. Each deck folder carries
 * a small manifest (ratsdeck.json) with what the archive lists: only data its audience may see.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LISTING_FIELDS, outputNamesFor, type DeckListing } from '../model/outputs.js';
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
  return join(outDir, audience === 'nonpublic' ? 'index-nichtoeffentlich.html' : 'index.html');
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

/** Scans the output folder and writes the archive page for one audience; returns its path. */
export function writeArchive(outDir: string, audience: 'public' | 'nonpublic', opts: Omit<ArchiveOptions, 'nonpublic'>): string {
  const entries: ArchiveEntry[] = [];
  if (existsSync(outDir)) {
    for (const ent of readdirSync(outDir, { withFileTypes: true })) {
      if (!ent.isDirectory() || ent.name.startsWith('.')) continue;
      const names = outputNamesFor(ent.name);
      const m = readManifest(join(outDir, ent.name, names.manifest));
      // A public archive never lists a non-public build, whatever is in the folder.
      if (!m || m.audience !== audience || m.outputId !== ent.name) continue;
      const has = (f: string) => existsSync(join(outDir, ent.name, f));
      const e: ArchiveEntry = { outputId: m.outputId, title: m.title };
      for (const k of LISTING_FIELDS) if (m[k]) e[k] = m[k];
      if (has(names.deck)) e.html = `${ent.name}/${names.deck}`;
      if (existsSync(join(outDir, `${ent.name}.html`))) e.single = `${ent.name}.html`;
      if (has(`${ent.name}.pdf`)) e.pdf = `${ent.name}/${ent.name}.pdf`;
      if (has(`${ent.name}-handout.pdf`)) e.handout = `${ent.name}/${ent.name}-handout.pdf`;
      entries.push(e);
    }
  }
  // Single-file decks (out/<deck>.html) carry their manifest inside.
  if (existsSync(outDir)) {
    for (const ent of readdirSync(outDir, { withFileTypes: true })) {
      if (!ent.isFile() || !ent.name.endsWith('.html') || /^index(-nichtoeffentlich)?\.html$/.test(ent.name)) continue;
      const m = readMetaManifest(join(outDir, ent.name));
      const id = ent.name.slice(0, -'.html'.length);
      if (!m || m.audience !== audience || m.outputId !== id) continue;
      const existing = entries.find((e) => e.outputId === id);
      if (existing) {
        existing.single = ent.name;
        continue;
      }
      const e: ArchiveEntry = { outputId: m.outputId, title: m.title, single: ent.name };
      for (const k of LISTING_FIELDS) if (m[k]) e[k] = m[k];
      entries.push(e);
    }
  }
  const html = renderArchive(entries, { ...opts, nonpublic: audience === 'nonpublic' });
  const file = archiveFile(outDir, audience);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  return file;
}
