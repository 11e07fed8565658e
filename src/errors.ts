/**
 * Exit codes are a public contract (documented in the README). The library throws
 * RatsdeckError carrying one of these; only bin/ratsdeck.js sets process.exitCode.
 */
import { isAbsolute } from 'node:path';
import { displayPath } from './paths.js';

export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INVALID_DATA: 3,
  RENDER: 4,
  BROWSER: 5,
  PRINT: 6,
  /** The output could not be written: disk full, no permission, a file in use, a read-only folder. */
  OUTPUT: 7,
  /** The council information system (OParl) could not be read: unreachable, timed out, an error answer, no OParl. */
  OPARL: 8,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A position in a source file; line and column are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
  /** A spreadsheet cell in Excel notation (`Aktivitäten!D4`); then line/col are its row and column. */
  cell?: string;
}

/** A step of a path into loaded data: a key or a list index (`['slides', 3, 'title']`). */
export type PathSeg = string | number;

/** A path the way messages show it, as in Problem.path: `slides[3].title`. The one formatter. */
export function formatPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) s += typeof seg === 'number' ? `[${seg}]` : s === '' ? seg : `.${seg}`;
  return s;
}

/** One problem found in user input, reported in the compiler convention FILE:LINE:COL: message. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** A spreadsheet cell (`Aktivitäten!D4`): shown instead of LINE:COL (see SourcePos). */
  cell?: string;
  /** Dotted/indexed path of the field, e.g. `slides[3].title`; empty for file-level problems. */
  path: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
  /** A stable name for the kind of problem, for code that decides on it (never the message text). */
  code?: string;
}

export class RatsdeckError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly problems: Problem[];

  constructor(
    message: string,
    opts: { exitCode: ExitCodeValue; hint?: string; cause?: unknown; problems?: Problem[] },
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RatsdeckError';
    this.exitCode = opts.exitCode;
    if (opts.hint !== undefined) this.hint = opts.hint;
    this.problems = opts.problems ?? [];
  }
}

/** Thrown when deck data is invalid; carries every problem found, not just the first. */
export class InvalidDataError extends RatsdeckError {
  constructor(problems: Problem[], message = 'invalid deck data') {
    super(message, { exitCode: ExitCode.INVALID_DATA, problems });
    this.name = 'InvalidDataError';
  }
}

/**
 * The output folder could not be written (exit 7): the machine's doing, not the deck's or
 * ratsdeck's. The message names the path; the hint says what to do about it.
 */
export class OutputError extends RatsdeckError {
  readonly path: string;
  constructor(path: string, message: string, opts: { hint?: string; cause?: unknown } = {}) {
    super(message, { exitCode: ExitCode.OUTPUT, ...opts });
    this.name = 'OutputError';
    this.path = path;
  }
}

const WRITE_FAILURES: Record<string, { what: string; hint: string }> = {
  ENOSPC: { what: 'the disk is full', hint: 'free some space on that disk, or build into another folder with --out' },
  EDQUOT: { what: 'the disk quota is used up', hint: 'free some space, or build into another folder with --out' },
  EROFS: { what: 'the folder is read-only', hint: 'build into a folder you can write to, with --out' },
  EACCES: { what: 'permission denied', hint: 'build into a folder you can write to (--out), or ask your IT for write access' },
  EPERM: {
    what: 'a file is in use or not writable',
    hint: 'close the PDF in your PDF viewer (or wherever the deck\'s files are open: a browser tab, an Explorer window), then run the command again',
  },
  EBUSY: {
    what: 'a file is in use',
    hint: 'close the PDF in your PDF viewer (or wherever the deck\'s files are open: a browser tab, an Explorer window), then run the command again',
  },
  ENOTDIR: { what: 'a part of the path is a file, not a folder', hint: 'choose an output folder whose parents are folders (--out)' },
  EISDIR: { what: 'a folder stands where a file should be written', hint: 'move that folder away, or build into another folder with --out' },
  ENAMETOOLONG: { what: 'the path is too long', hint: 'build into a folder with a shorter path (--out), or give the deck a shorter file name' },
  EMFILE: { what: 'too many files are open', hint: 'close other programs and run the command again' },
  EIO: { what: 'the disk reported an input/output error', hint: 'check the disk or network drive, then run the command again' },
};

/**
 * Turns a file system error while writing `path` into exit 7 with what to do, or returns the
 * error unchanged when it is not the machine's doing (then it is a bug: exit 1).
 */
export function writeFailure(err: unknown, path: string): unknown {
  if (err instanceof RatsdeckError) return err;
  const e = err as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const code = e?.code;
  const known = code ? WRITE_FAILURES[code] : undefined;
  if (!known) return err;
  // Windows refuses to replace or move a PDF that a viewer holds open (the usual case by far),
  // and a .pptx that PowerPoint has open.
  const pdf = [path, e?.path, e?.dest].find((p) => p !== undefined && /\.pdf$/i.test(p));
  if ((code === 'EPERM' || code === 'EBUSY') && pdf !== undefined) {
    return new OutputError(path, `could not write ${path}: ${pdf === path ? 'the PDF' : pdf} is open in another program (${code})`, {
      hint: 'close the PDF in your PDF viewer, then run the command again',
      cause: err,
    });
  }
  const pptx = [path, e?.path, e?.dest].find((p) => p !== undefined && /\.pptx$/i.test(p));
  if ((code === 'EPERM' || code === 'EBUSY') && pptx !== undefined) {
    return new OutputError(path, `could not write ${path}: ${pptx === path ? 'the .pptx' : pptx} is open in another program (${code})`, {
      hint: 'close it in PowerPoint (or LibreOffice Impress), then run the command again',
      cause: err,
    });
  }
  const png = [path, e?.path, e?.dest].find((p) => p !== undefined && /\.png$/i.test(p));
  if ((code === 'EPERM' || code === 'EBUSY') && png !== undefined) {
    return new OutputError(path, `could not write ${path}: ${png === path ? 'the picture' : png} is open in another program (${code})`, {
      hint: 'close it in the picture viewer (or the Explorer preview), then run the command again',
      cause: err,
    });
  }
  return new OutputError(path, `could not write ${path}: ${known.what} (${code})`, { hint: known.hint, cause: err });
}

export function formatProblem(p: Problem, cwd = process.cwd()): string {
  const rel = isAbsolute(p.file) || /^[A-Za-z]:[\\/]/.test(p.file) ? displayPath(p.file, cwd) : p.file;
  const where = p.path ? `${p.path}: ` : '';
  const sev = p.severity === 'warning' ? 'warning: ' : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  // A cell reads `FILE: Sheet!D4: …`; the sheet name may contain colons, so not FILE:Sheet!D4.
  const at = p.cell ? `${rel}: ${p.cell}` : `${rel}:${p.line}:${p.col}`;
  return `${at}: ${sev}${where}${p.message}${hint}`;
}

/** The key two problems are the same by: the same message about the same place. */
function problemKey(p: Problem): string {
  return JSON.stringify([p.file, p.line, p.col, p.cell, p.severity, p.path, p.message]);
}

/**
 * The problems without repeats, in order. A problem in shared data (ratsdeck.yaml, _data/) is
 * found once per deck and once per audience; people and JSON readers see it once.
 */
export function uniqueProblems<P extends Problem>(problems: Iterable<P>, seen: Set<string> = new Set()): P[] {
  const out: P[] = [];
  for (const p of problems) {
    const k = problemKey(p);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

/** How many problems of one file people are shown at once; the rest are counted. */
export const PROBLEMS_SHOWN_PER_FILE = 8;

/** One line of a capped list: a problem, or how many more a file has. */
export type ShownProblem<P extends Problem = Problem> = { problem: P } | { file: string; more: number };

/**
 * The problems as people see them: at most `max` per file, in their order, then "… and N more"
 * for that file. Where some must go, errors stay before warnings. The one rule for the terminal
 * and the `serve` overlay (issue 11: a wall of messages hides the one that matters); `--json`
 * lists every problem.
 */
export function capProblems<P extends Problem>(problems: readonly P[], max = PROBLEMS_SHOWN_PER_FILE): ShownProblem<P>[] {
  const byFile = new Map<string, P[]>();
  for (const p of problems) {
    const list = byFile.get(p.file);
    if (list) list.push(p);
    else byFile.set(p.file, [p]);
  }
  const shown = new Set<P>();
  for (const list of byFile.values()) {
    const ranked = [...list.filter((p) => p.severity === 'error'), ...list.filter((p) => p.severity !== 'error')];
    for (const p of ranked.slice(0, max)) shown.add(p);
  }
  const lastShown = new Map<string, P>();
  for (const p of problems) if (shown.has(p)) lastShown.set(p.file, p);
  const out: ShownProblem<P>[] = [];
  for (const p of problems) {
    if (!shown.has(p)) continue;
    out.push({ problem: p });
    const total = byFile.get(p.file)!.length;
    if (lastShown.get(p.file) === p && total > max) out.push({ file: p.file, more: total - max });
  }
  return out;
}

/** The line that stands for the problems of a file that are not shown. */
export function formatMore(file: string, more: number, cwd = process.cwd()): string {
  const rel = isAbsolute(file) || /^[A-Za-z]:[\\/]/.test(file) ? displayPath(file, cwd) : file;
  return `${rel}: … and ${more} more problem${more === 1 ? '' : 's'} in this file (fix these first; ratsdeck validate --json lists them all)`;
}
