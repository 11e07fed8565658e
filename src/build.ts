/**
 * Building a batch of decks into their output folders, and keeping those folders true: after a
 * public build, nothing in the folder shows what is no longer public (issue 9). Composed
 * without argv; the CLI and the package API both call it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidDataError, type Problem } from './errors.js';
import { writeArchive } from './bundle/archive.js';
import { deckFolderFiles, singleFileHtml } from './bundle/bundle.js';
import { createHash } from 'node:crypto';
import { draftVariants, outputIdFor, outputNamesFor, sameOutputName } from './model/outputs.js';
import { folderDigests } from './output/deck.js';
import { OutputRoot, type BuildSettings, type OwnedEntry } from './output/root.js';
import { buildDeck, defaultOutDir, type BuildOptions, type BuildResult } from './pipeline.js';
import { deckId, findProject, listDecks } from './project/project.js';
import type { Audience } from './audience/index.js';
import type { HandoutLayout } from './render/render.js';
import type { Lang } from './render/i18n.js';

/** Something the batch did to an earlier output in the folder, for the user to read. */
export interface OutputChange {
  /** Absolute path of the folder or file. */
  path: string;
  action: 'removed' | 'updated' | 'unchecked';
  why: string;
}

export interface BatchResult {
  results: BuildResult[];
  /** Problems of the decks that did not build (their InvalidDataError problems). */
  failed: { file: string; error: InvalidDataError }[];
  changes: OutputChange[];
}

export interface BatchHooks {
  /** After each deck (built or skipped), e.g. to print its line. */
  onDeck?(r: BuildResult, ms: number): void;
  onFailed?(file: string, err: InvalidDataError): void;
}

/**
 * Two deck files whose outputs would have the same name (also in another folder, or differing
 * only in case, as Windows and macOS compare names) are refused before anything is built.
 */
export function checkCollisions(files: string[]): void {
  const problems: Problem[] = [];
  const seen: { id: string; file: string }[] = [];
  for (const file of files) {
    const id = deckId(file);
    const other = seen.find((s) => sameOutputName(s.id, id));
    if (other) {
      problems.push({
        file,
        line: 1,
        col: 1,
        path: '',
        code: 'output-collision',
        severity: 'error',
        message: `this deck and ${other.file} have the same id "${id}" and would write the same output`,
        hint: 'rename one of the two files: the file name (without .yaml) is the deck id',
      });
    } else seen.push({ id, file });
  }
  if (problems.length) throw new InvalidDataError(problems, 'two decks would write the same output; nothing written');
}

/**
 * Builds the deck files one after another. Invalid decks are collected, not thrown; the others
 * build. Then every output folder written to is brought up to date for the audience: outputs of
 * decks that are gone, no longer built for it, or invalid are removed; outputs whose data
 * changed since they were built are built again (HTML; their stale PDFs are removed).
 */
export async function buildBatch(files: string[], opts: BuildOptions = {}, hooks: BatchHooks = {}): Promise<BatchResult> {
  checkCollisions(files);
  const audience: Audience = opts.audience ?? 'public';
  const results: BuildResult[] = [];
  const failed: BatchResult['failed'] = [];
  const touched = new Map<string, { projectRoot: string; written: Set<string> }>();
  const touch = (outDir: string, projectRoot: string) => {
    let t = touched.get(outDir);
    if (!t) touched.set(outDir, (t = { projectRoot, written: new Set() }));
    return t;
  };
  for (const file of files) {
    const started = Date.now();
    let r: BuildResult;
    try {
      r = await buildDeck(file, opts);
    } catch (err) {
      if (!(err instanceof InvalidDataError)) throw err;
      failed.push({ file, error: err });
      hooks.onFailed?.(file, err);
      const project = findProject(file);
      if (opts.write !== false) {
        // Its earlier output stays as it was: a failed build changes nothing (exit 3 says why).
        const t = touch(resolve(opts.outDir ?? defaultOutDir(project)), project.root);
        const { final, draft } = draftVariants(outputIdFor(deckId(file), audience));
        t.written.add(final.folder).add(final.singleFile).add(draft.singleFile);
      }
      continue;
    }
    if (opts.write !== false) {
      const project = findProject(r.file);
      const outDir = resolve(r.outDir ?? opts.outDir ?? defaultOutDir(project));
      const t = touch(outDir, project.root);
      if (r.manifest) t.written.add(r.manifest.name);
    }
    results.push(r);
    hooks.onDeck?.(r, Date.now() - started);
  }
  const changes: OutputChange[] = [];
  if (opts.write !== false) {
    for (const [outDir, t] of touched) {
      if (!existsSync(outDir)) continue;
      changes.push(...(await refreshFolder(OutputRoot.open(outDir, t.projectRoot), audience, t.written, t.projectRoot, opts)));
    }
  }
  return { results, failed, changes };
}

/** The digest a deck's output would have, built now the way it was built then (nothing written). */
async function currentDigest(file: string, e: OwnedEntry, audience: Audience, outDir: string): Promise<{ digest?: string; skipped?: string }> {
  const s = e.settings ?? {};
  const r = await buildDeck(file, { ...buildOptionsOf(s), audience, outDir, write: false });
  if (r.skipped || !r.rendered) return { skipped: r.skipped ?? 'not built' };
  if (e.kind === 'deck-file') {
    const name = outputNamesFor(r.outputId, { draft: r.rendered.draft }).singleFile;
    const html = singleFileHtml(r.rendered);
    return { digest: createHash('sha256').update(`${name}\0${Buffer.byteLength(html)}\0`).update(html).digest('hex') };
  }
  return { digest: folderDigests(deckFolderFiles(r.rendered), r.outputId).digest };
}

function buildOptionsOf(s: BuildSettings): BuildOptions {
  return {
    ...(s.singleFile ? { singleFile: true } : {}),
    ...(s.draft ? { draft: true } : {}),
    ...(s.theme ? { theme: s.theme } : {}),
    ...(s.handout ? { handout: s.handout as HandoutLayout } : {}),
    ...(s.today ? { today: s.today } : {}),
  };
}

async function refreshFolder(root: OutputRoot, audience: Audience, written: Set<string>, projectRoot: string, opts: BuildOptions): Promise<OutputChange[]> {
  const changes: OutputChange[] = [];
  const projectDecks = () => (existsSync(projectRoot) ? listDecks(projectRoot) : []);
  for (const [name, e] of root.entries(audience)) {
    if (e.kind === 'archive' || written.has(name)) continue;
    const path = resolve(root.dir, name);
    const id = e.kind === 'deck-file' ? name.replace(/\.html$/, '') : name;
    const plainId = audience === 'nonpublic' ? id.replace(/-nichtoeffentlich$/, '') : id;
    // An output adopted from an earlier ratsdeck does not know its deck: find it by its id.
    const file = e.deck ?? projectDecks().find((f) => deckId(f) === plainId);
    const remove = (why: string) => {
      root.remove(name);
      changes.push({ path, action: 'removed', why });
    };
    if (!file || !existsSync(file)) {
      remove(`its deck file ${file ? `${file} ` : ''}is gone`);
      continue;
    }
    // A deck has one single file: the draft (<id>-entwurf.html) or the final one. The other
    // one, written before for the same deck, is out of date now.
    const other = e.kind === 'deck-file' ? singleFileCounterpart(root, name, file, outputIdFor(deckId(file), audience), written) : undefined;
    if (other) {
      const draft = other === draftVariants(outputIdFor(deckId(file), audience)).draft.singleFile;
      remove(`replaced by the ${draft ? 'draft' : 'final version'} ${other}, just built from the same deck`);
      continue;
    }
    let now: { digest?: string; skipped?: string };
    try {
      now = await currentDigest(file, e, audience, root.dir);
    } catch (err) {
      if (err instanceof InvalidDataError) {
        changes.push({ path, action: 'unchecked', why: `${file} is not valid now, so ratsdeck cannot tell whether it is still current; run ratsdeck validate ${file}` });
        continue;
      }
      throw err;
    }
    if (now.skipped) {
      remove(`it is no longer built for the ${audience === 'public' ? 'public' : 'non-public'} audience: ${now.skipped}`);
      continue;
    }
    if (now.digest === e.digest) continue;
    const r = await buildDeck(file, { ...buildOptionsOf(e.settings ?? {}), audience, outDir: root.dir });
    const pdfs = r.manifest?.removed.length ? `; removed its PDFs printed from the earlier data (${r.manifest.removed.join(', ')}): print them again with ratsdeck pdf ${file}` : '';
    changes.push({ path, action: 'updated', why: `its data changed since it was built${pdfs}` });
  }
  return changes;
}

/** The single file just written for `deck` whose draft or final counterpart `name` is. */
function singleFileCounterpart(root: OutputRoot, name: string, deck: string, outputId: string, written: Set<string>): string | undefined {
  const { final, draft } = draftVariants(outputId);
  const other = name === final.singleFile ? draft.singleFile : name === draft.singleFile ? final.singleFile : undefined;
  const e = other !== undefined && written.has(other) ? root.entry(other) : undefined;
  return e?.kind === 'deck-file' && e.deck && resolve(e.deck) === resolve(deck) ? other : undefined;
}

/** Writes the archive page of an output folder for one audience (after the PDFs were printed). */
export function writeArchiveFor(outDir: string, projectRoot: string, audience: Audience, opts: { lang: Lang; city?: string; colour?: string }): string {
  return writeArchive(OutputRoot.open(outDir, projectRoot), audience, { ...opts, projectRoot });
}
