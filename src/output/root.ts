/**
 * The output folder and what ratsdeck owns in it. ratsdeck writes only inside its output
 * folder, and inside it replaces or removes only what it wrote itself (issue 9). What it wrote
 * is recorded in `<out>/.ratsdeck-output.json`: one entry per deck folder, single-file deck and
 * archive page, with the deck file it came from and what its PDFs were printed from.
 *
 * An output folder is accepted when it does not exist yet, is empty, carries the record, or
 * holds only what an earlier ratsdeck (before the record) recognisably wrote. Anything else,
 * and any folder that is, contains or lies inside the project's own folders, is refused (exit 2).
 */
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { ExitCode, InvalidDataError, RatsdeckError, writeFailure } from '../errors.js';
import { NONPUBLIC_SUFFIX, PROJECT_FOLDERS, cacheFolderName, outputNamesFor, sameOutputName } from '../model/outputs.js';
import { isCacheFolder } from './cache.js';
import type { BuiltData } from './builds.js';
import { writeFileAtomic } from './write.js';

/**
 * The records, one per audience: the public one names only public outputs, so a public folder
 * copied to a web server says nothing about the non-public builds beside it.
 */
export const RECORD_FILE = '.ratsdeck-output.json';
export const NONPUBLIC_RECORD_FILE = `.ratsdeck-output${NONPUBLIC_SUFFIX}.json`;
const RECORD_FILES = { public: RECORD_FILE, nonpublic: NONPUBLIC_RECORD_FILE } as const;
const RECORD_FORMAT = 1;

export type OutputAudience = 'public' | 'nonpublic';

/** How a deck was built, so that ratsdeck can build it again the same way. */
export interface BuildSettings {
  singleFile?: boolean;
  draft?: boolean;
  theme?: string;
  handout?: string;
  today?: string;
}

export interface PdfRecord {
  /** The document it was printed from. */
  from: 'slides' | 'handout';
  /** The digest of that document (and everything it loads) when it was printed. */
  digest: string;
}

export interface OwnedEntry {
  kind: 'deck-folder' | 'deck-file' | 'archive';
  audience: OutputAudience;
  /**
   * The deck file it was built from, relative to the output folder (absent for the archive, or
   * when adopted from an earlier ratsdeck). OutputRoot's methods take and give absolute paths.
   */
  deck?: string;
  /** Digest of the deck page and everything it loads (deck-folder), or of the file (deck-file). */
  digest?: string;
  /** Digest of handout.html and everything it loads, when one was written. */
  handoutDigest?: string;
  /** Files ratsdeck wrote inside a deck folder (forward slashes), PDFs included. */
  files?: string[];
  pdfs?: Record<string, PdfRecord>;
  settings?: BuildSettings;
  /** What the output was built from, for `ratsdeck freeze` (builds.ts). */
  builds?: BuiltData[];
}

interface RecordFile {
  format: typeof RECORD_FORMAT;
  about: string;
  entries: Record<string, OwnedEntry>;
}

const ABOUT = 'Written by ratsdeck: the files and folders here that ratsdeck made and may replace or remove. Do not edit; delete the whole output folder to start afresh.';

/** `p` with every existing part resolved through symbolic links (the rest appended). */
function realish(p: string): string {
  const abs = resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!existsSync(head)) {
    const up = dirname(head);
    if (up === head) break;
    tail.unshift(basename(head));
    head = up;
  }
  let real = head;
  try {
    real = realpathSync.native(head);
  } catch {
    // Keep the path as given.
  }
  return tail.length ? join(real, ...tail) : real;
}

function isInside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r !== '' && !r.startsWith('..') && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r);
}

function same(a: string, b: string): boolean {
  return relative(a, b) === '';
}

function display(p: string, cwd = process.cwd()): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

/**
 * Refuses an output folder that would put the project at risk: the project folder itself, a
 * folder containing it, or one inside the project's data, snapshots, assets, templates or themes.
 */
export function checkOutputLocation(outDir: string, projectRoot: string): void {
  const out = realish(outDir);
  const root = realish(projectRoot);
  const refuse = (why: string) => {
    throw new RatsdeckError(`cannot write to ${display(outDir)}: ${why}`, {
      exitCode: ExitCode.USAGE,
      hint: `build into a folder of its own, e.g. --out ${display(join(projectRoot, 'out'))} (the default)`,
    });
  };
  if (same(out, root)) refuse('it is the project folder; ratsdeck would replace the project\'s own files');
  if (isInside(root, out)) refuse('it contains the project folder');
  for (const f of PROJECT_FOLDERS) {
    if (f === 'out') continue;
    const inner = join(root, f);
    if (same(out, inner) || isInside(out, inner)) refuse(`it lies inside the project's ${f}/ folder`);
  }
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) refuse('it is a file, not a folder');
}

/** What an earlier ratsdeck recognisably wrote (before the record existed), or undefined. */
function legacyEntry(dir: string, name: string): OwnedEntry | undefined {
  const p = join(dir, name);
  let st;
  try {
    st = statSync(p);
  } catch {
    return undefined;
  }
  const audience: OutputAudience = name.replace(/\.html$/, '').endsWith(NONPUBLIC_SUFFIX) ? 'nonpublic' : 'public';
  if (st.isDirectory()) {
    const manifest = join(p, outputNamesFor(name).manifest);
    try {
      const m = JSON.parse(readFileSync(manifest, 'utf8')) as { format?: unknown; outputId?: unknown };
      if (m.format === 1 && m.outputId === name) return { kind: 'deck-folder', audience };
    } catch {
      return undefined;
    }
    return undefined;
  }
  if (!st.isFile() || !name.endsWith('.html')) return undefined;
  const head = readHead(p);
  if (/^index(-nichtoeffentlich)?\.html$/.test(name)) {
    return head.includes('<meta name="generator" content="ratsdeck">') ? { kind: 'archive', audience } : undefined;
  }
  return head.includes('<meta name="ratsdeck-manifest"') ? { kind: 'deck-file', audience } : undefined;
}

function readHead(file: string): string {
  try {
    return readFileSync(file).subarray(0, 65536).toString('utf8');
  } catch {
    return '';
  }
}

/** A temporary name ratsdeck left behind when it was killed (write.ts tempNameFor). */
function isOurLeftover(name: string): boolean {
  return /\.tmp-\d+(-[0-9a-f]{8})?$/.test(name) || /\.old-\d+$/.test(name);
}

export class OutputRoot {
  readonly dir: string;
  readonly #entries: Map<string, OwnedEntry>;
  /** Names changed or removed here since the record was read, merged into a fresh read on save. */
  readonly #dirty = new Set<string>();

  private constructor(dir: string, entries: Map<string, OwnedEntry>) {
    this.dir = dir;
    this.#entries = entries;
  }

  /**
   * Opens (or starts) the output folder for a project. Throws exit 2 when the folder may not be
   * used: see checkOutputLocation, and a non-empty folder that ratsdeck did not make.
   */
  static open(outDir: string, projectRoot: string): OutputRoot {
    const dir = resolve(outDir);
    checkOutputLocation(dir, projectRoot);
    const recorded = readRecord(dir);
    if (recorded) return new OutputRoot(dir, recorded);
    const entries = new Map<string, OwnedEntry>();
    if (existsSync(dir)) {
      const foreign: string[] = [];
      for (const name of readdirSync(dir)) {
        if (isOurLeftover(name)) continue;
        // The cache of derived results (cache.ts) is ratsdeck's when it carries its tag.
        if ((name === cacheFolderName('public') || name === cacheFolderName('nonpublic')) && isCacheFolder(join(dir, name))) continue;
        const e = legacyEntry(dir, name);
        if (e) entries.set(name, e);
        else foreign.push(name);
      }
      if (foreign.length) {
        const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
        throw new RatsdeckError(`${display(dir)} holds files that ratsdeck did not write (${shown}); ratsdeck never replaces or deletes them`, {
          exitCode: ExitCode.USAGE,
          hint: 'build into an empty or new folder (--out), or move those files away; ratsdeck then keeps a record of what it writes there',
        });
      }
    }
    const root = new OutputRoot(dir, entries);
    for (const name of entries.keys()) root.#dirty.add(name);
    return root;
  }

  entry(name: string): OwnedEntry | undefined {
    return this.#entries.get(name);
  }

  /** Entries for one audience, by name. */
  entries(audience?: OutputAudience): [string, OwnedEntry][] {
    return [...this.#entries].filter(([, e]) => !audience || e.audience === audience);
  }

  /**
   * Makes sure `name` may be written for `deck`: it is new, or ratsdeck wrote it for this deck
   * (or for a deck file that is gone). Throws exit 2 for a file or folder ratsdeck did not
   * write, exit 3 when another deck file writes the same output.
   */
  claim(name: string, kind: OwnedEntry['kind'], deck?: string): void {
    for (const [other, e] of this.#entries) {
      if (!sameOutputName(other, name)) continue;
      if (deck && e.deck && !same(e.deck, deck) && existsSync(e.deck)) {
        throw new InvalidDataError(
          [
            { file: deck, line: 1, col: 1, path: '', code: 'output-collision', severity: 'error', message: `this deck and ${display(e.deck)} both write ${display(join(this.dir, other))}`, hint: 'rename one of the two deck files: the file name is the deck id and names its output' },
          ],
          `${basename(deck)}: its output collides with that of ${display(e.deck)}; nothing written`,
        );
      }
      if (e.kind !== kind && !(kind !== 'archive' && e.kind !== 'archive')) {
        throw new RatsdeckError(`${display(join(this.dir, other))} was written by ratsdeck as something else`, { exitCode: ExitCode.USAGE });
      }
      return;
    }
    const onDisk = existsSync(this.dir) ? readdirSync(this.dir).find((n) => sameOutputName(n, name)) : undefined;
    if (onDisk !== undefined) {
      throw new RatsdeckError(`${display(join(this.dir, onDisk))} exists and was not written by ratsdeck; it is left as it is`, {
        exitCode: ExitCode.USAGE,
        hint: 'move it away, or build into another folder (--out)',
      });
    }
  }

  set(name: string, entry: OwnedEntry): void {
    // A case variant of the same name is the same file on Windows and macOS.
    for (const other of [...this.#entries.keys()]) {
      if (other !== name && sameOutputName(other, name)) {
        this.#entries.delete(other);
        this.#dirty.add(other);
      }
    }
    this.#entries.set(name, entry);
    this.#dirty.add(name);
    this.save();
  }

  /** Updates an entry in place (e.g. a PDF printed into a deck folder). */
  update(name: string, fn: (e: OwnedEntry) => OwnedEntry): void {
    const e = this.#entries.get(name);
    if (!e) return;
    this.set(name, fn(e));
  }

  /** Removes an output ratsdeck wrote (never anything else) and its record. */
  remove(name: string): void {
    const e = this.#entries.get(name);
    if (!e) return;
    const p = join(this.dir, name);
    try {
      if (e.kind === 'deck-folder' && existsSync(p) && statSync(p).isDirectory()) removeOwnedFolder(p, e);
      else rmSync(p, { force: true });
    } catch (err) {
      throw writeFailure(err, p);
    }
    this.#entries.delete(name);
    this.#dirty.add(name);
    this.save();
  }

  /** Writes the record, merged with what another ratsdeck may have recorded meanwhile. */
  save(): void {
    const current = readRecord(this.dir) ?? new Map<string, OwnedEntry>();
    for (const name of this.#dirty) {
      const e = this.#entries.get(name);
      if (e) current.set(name, e);
      else current.delete(name);
    }
    for (const [name, e] of current) if (!this.#dirty.has(name)) this.#entries.set(name, e);
    this.#dirty.clear();
    const sorted = [...current].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const audience of ['public', 'nonpublic'] as const) {
      const mine = sorted.filter(([, e]) => e.audience === audience);
      const target = join(this.dir, RECORD_FILES[audience]);
      if (!mine.length && !existsSync(target)) continue;
      const entries = Object.fromEntries(
        mine.map(([n, e]) => [n, e.deck ? { ...e, deck: relative(this.dir, e.deck).split(sep).join('/') } : e]),
      );
      const file: RecordFile = { format: RECORD_FORMAT, about: ABOUT, entries };
      writeFileAtomic(target, JSON.stringify(file, null, 2) + '\n');
    }
  }
}

/**
 * Removes a deck folder ratsdeck wrote. Files in it that ratsdeck did not write (a note someone
 * put there) keep the folder alive: only ratsdeck's files go.
 */
function removeOwnedFolder(dir: string, e: OwnedEntry): void {
  const ours = new Set(e.files ?? []);
  const foreign = e.files ? listFiles(dir).filter((f) => !ours.has(f)) : [];
  if (!foreign.length) {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    return;
  }
  for (const f of ours) rmSync(join(dir, ...f.split('/')), { force: true });
}

/** Every file below `dir`, relative, with forward slashes, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${ent.name}` : ent.name;
      if (ent.isDirectory()) walk(join(d, ent.name), rel);
      else out.push(rel);
    }
  };
  if (existsSync(dir)) walk(dir, '');
  return out.sort();
}

/**
 * The record of an output folder as it is, without taking the folder over (`ratsdeck freeze`
 * only reads it): undefined when there is none. Throws exit 2 for a record it cannot read.
 */
export function readOutputRecord(dir: string): Map<string, OwnedEntry> | undefined {
  return existsSync(dir) ? readRecord(resolve(dir)) : undefined;
}

function readRecord(dir: string): Map<string, OwnedEntry> | undefined {
  let found = false;
  const m = new Map<string, OwnedEntry>();
  for (const audience of ['public', 'nonpublic'] as const) {
    const file = join(dir, RECORD_FILES[audience]);
    if (!existsSync(file)) continue;
    found = true;
    let parsed: RecordFile;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8')) as RecordFile;
    } catch (err) {
      throw new RatsdeckError(`${display(file)} cannot be read: ${(err as Error).message}`, {
        exitCode: ExitCode.USAGE,
        hint: `it records what ratsdeck wrote into ${display(dir)}; delete the whole folder ${display(dir)} and build again`,
      });
    }
    if (!parsed || parsed.format !== RECORD_FORMAT || typeof parsed.entries !== 'object' || parsed.entries === null) {
      throw new RatsdeckError(`${display(file)} is not a record this ratsdeck knows`, {
        exitCode: ExitCode.USAGE,
        hint: `delete the whole folder ${display(dir)} and build again`,
      });
    }
    for (const [name, e] of Object.entries(parsed.entries)) {
      // A name in the record is one entry of the folder, nothing else (a hand-edited record
      // must not make ratsdeck remove ../something), and each record holds its own audience.
      if (!name || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.startsWith('.')) continue;
      if (!e || e.audience !== audience) continue;
      m.set(name, { ...e, ...(typeof e.deck === 'string' ? { deck: resolve(dir, e.deck) } : {}) });
    }
  }
  return found ? m : undefined;
}
