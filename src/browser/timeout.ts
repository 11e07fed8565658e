/**
 * Every step that waits on the browser has a deadline, so a hung or crashed browser ends in a
 * clear error instead of a process that never returns.
 */
import { ExitCode, RatsdeckError, type ExitCodeValue } from '../errors.js';

export const DEFAULT_LAUNCH_TIMEOUT_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 120_000;

/** setTimeout fires at once for delays above 2^31-1 ms. */
const MAX_DELAY = 2 ** 31 - 1;

export interface TimeoutOptions {
  /** Exit code of the error: 6 (print failed) by default, 5 for launching. */
  exitCode?: ExitCodeValue;
  hint?: string;
}

/**
 * A step that did not finish in time. Code that treats a timeout differently (a hint, a retry)
 * asks `instanceof TimeoutError`, never the message text (issue 10).
 */
export class TimeoutError extends RatsdeckError {
  /** The step, e.g. "printing a.pdf". */
  readonly what: string;
  readonly ms: number;
  constructor(what: string, ms: number, opts: { exitCode: ExitCodeValue; hint: string }) {
    super(`${what} timed out after ${formatMs(ms)}`, opts);
    this.name = 'TimeoutError';
    this.what = what;
    this.ms = ms;
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/**
 * Waits for `promise` at most `ms` milliseconds. `what` names the step for the message
 * ("printing handout.pdf"). On timeout the error is a TimeoutError (exit 6 unless told
 * otherwise). A rejection that is not already a RatsdeckError (e.g. puppeteer's "Target
 * closed" after a crash) is wrapped the same way, keeping the original as `cause`.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string, opts: TimeoutOptions = {}): Promise<T> {
  if (!(ms > 0)) throw new RangeError(`timeout for ${what} must be a positive number of milliseconds, got ${ms}`);
  const exitCode = opts.exitCode ?? ExitCode.PRINT;
  // The step may still settle after we gave up on it; its late rejection must not become an
  // unhandled rejection.
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new TimeoutError(what, ms, {
          exitCode,
          hint:
            opts.hint ??
            'the browser did not answer in time; it may be hung or overloaded. Try again, or allow more time with a longer timeout',
        }),
      );
    }, Math.min(ms, MAX_DELAY));
  });
  try {
    return await Promise.race([promise, deadline]);
  } catch (err) {
    if (err instanceof RatsdeckError) throw err;
    const msg = err instanceof Error ? err.message : String(err);
    throw new RatsdeckError(`${what} failed: ${firstLine(msg)}`, { exitCode, cause: err, ...(opts.hint ? { hint: opts.hint } : {}) });
  } finally {
    clearTimeout(timer);
  }
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim();
}
