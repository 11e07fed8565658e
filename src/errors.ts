/**
 * Exit codes are a public contract (documented in the README). The library throws
 * RatsdeckError carrying one of these; only bin/ratsdeck.js sets process.exitCode.
 */
export const ExitCode = {
  OK: 0,
  INTERNAL: 1,
  USAGE: 2,
  INVALID_DATA: 3,
  RENDER: 4,
  BROWSER: 5,
  PRINT: 6,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A position in a source file; line and column are 1-based. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
}

/** One problem found in user input, reported in the compiler convention FILE:LINE:COL: message. */
export interface Problem {
  file: string;
  line: number;
  col: number;
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

export function formatProblem(p: Problem, cwd = process.cwd()): string {
  const rel = relativePath(p.file, cwd);
  const where = p.path ? `${p.path}: ` : '';
  const sev = p.severity === 'warning' ? 'warning: ' : '';
  const hint = p.hint ? ` (${p.hint})` : '';
  return `${rel}:${p.line}:${p.col}: ${sev}${where}${p.message}${hint}`;
}

function relativePath(file: string, cwd: string): string {
  if (!file.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file)) return file;
  const norm = (s: string) => s.replace(/\\/g, '/');
  const f = norm(file);
  const c = norm(cwd).replace(/\/$/, '');
  if (f.startsWith(c + '/')) return f.slice(c.length + 1);
  return f;
}
