/**
 * Tests that need more than Node.js on any system — Linux (they read /proc or mount a tmpfs),
 * root, or a POSIX system (shell scripts as stand-in browsers, process groups and signals,
 * permission bits) — say so in their name ("… (Linux, root)") and are skipped elsewhere with
 * the reason. In CI on Linux they always run: a missing precondition (CI not running as root)
 * fails them with that reason instead of skipping silently (STYLE.md: no silent skip in CI).
 */
import { describe, it, type TestContext } from 'vitest';

export type Need = 'linux' | 'root' | 'posix';

const HAVE: Record<Need, boolean> = {
  linux: process.platform === 'linux',
  root: process.getuid?.() === 0,
  posix: process.platform !== 'win32',
};
const LABEL: Record<Need, string> = { linux: 'Linux', root: 'root', posix: 'POSIX' };
const NOT_HERE: Record<Need, string> = {
  linux: `this is ${process.platform}, not Linux`,
  root: 'not running as root',
  posix: 'Windows has no POSIX shell scripts, signals or permission bits',
};

export const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
/** CI runs on Linux as root (.ci/run): there every test must run. */
const MUST_RUN = IN_CI && HAVE.linux;

interface Gate {
  /** `it`, named with the needs, skipped elsewhere with the reason. */
  it(name: string, fn: (ctx: TestContext) => unknown, timeout?: number): void;
  /** `describe`, the same. */
  describe(name: string, fn: () => void): void;
}

/**
 * `needs`: what the test needs; `why`: what for, in a few words ("mounts a tmpfs for a full
 * disk"). The reason printed on a skip is both.
 */
export function onlyWith(needs: Need[], why: string): Gate {
  const suffix = ` (${needs.map((n) => LABEL[n]).join(', ')})`;
  const missing = needs.filter((n) => !HAVE[n]);
  const reason = `${why}; ${missing.map((n) => NOT_HERE[n]).join('; ')}`;
  const runs = missing.length === 0 || MUST_RUN;
  const fail = () => {
    throw new Error(`in CI on Linux this test must run, but it cannot: ${reason}`);
  };
  return {
    it(name, fn, timeout) {
      if (runs) {
        it(name + suffix, (ctx) => (missing.length ? fail() : fn(ctx)), timeout);
      } else {
        // A static skip (no test body, no per-test hook runs); the reason goes to the log.
        console.warn(`skipped "${name}${suffix}": ${reason}`);
        it.skip(name + suffix, fn, timeout);
      }
    },
    describe(name, fn) {
      if (runs) {
        describe(name + suffix, () => {
          if (missing.length) it('can run here', fail);
          else fn();
        });
      } else {
        console.warn(`skipped "${name}${suffix}": ${reason}`);
        describe.skip(name + suffix, fn);
      }
    },
  };
}
