/** Parsers of flag values shared by the commands. A wrong value is a usage error (exit 2). */
import { ExitCode, RatsdeckError } from '../errors.js';
import { HANDOUT_LAYOUTS, type HandoutLayout } from '../render/layouts.js';

/** --timeout: a positive number of seconds (returned in seconds, as given). */
export function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RatsdeckError(`--timeout: expected a positive number of seconds, got "${v}"`, { exitCode: ExitCode.USAGE });
  }
  return n;
}

/** Seconds as the browser module takes them: whole milliseconds, at least 1. */
export function secondsToMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}

export function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 16) {
    throw new RatsdeckError(`--jobs: expected a whole number from 1 to 16, got "${v}"`, { exitCode: ExitCode.USAGE });
  }
  return n;
}

export function parseLayout(v: string): HandoutLayout {
  if ((HANDOUT_LAYOUTS as readonly string[]).includes(v)) return v as HandoutLayout;
  throw new RatsdeckError(`--handout: unknown layout "${v}"`, { exitCode: ExitCode.USAGE, hint: `use one of ${HANDOUT_LAYOUTS.join(', ')}` });
}
