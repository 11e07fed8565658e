/**
 * How the use cases tell people what they do, without printing: one line per file written,
 * warnings, errors they carry on after, and problems (FILE:LINE:COL). The CLI passes its
 * stderr output; a script passes its own or none (silent).
 */
import type { Problem } from '../errors.js';

export interface Reporter {
  /** Progress: a line per file written, a summary line. */
  info(line: string): void;
  warn(line: string): void;
  /** A failure the use case carries on after (one PDF that did not print, one invalid deck). */
  error(message: string, hint?: string): void;
  problem(p: Problem): void;
}

export const silentReporter: Reporter = { info() {}, warn() {}, error() {}, problem() {} };
