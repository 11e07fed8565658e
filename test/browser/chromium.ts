/**
 * The browser for tests that need a real one, found the way ratsdeck finds it. In CI a missing
 * browser fails those tests (STYLE.md: no silent skip there); elsewhere they are skipped with a
 * note that says how to install one.
 */
import { describe, it } from 'vitest';
import { defaultFileExists, findBrowser } from '../../src/browser/find.js';

export const BROWSER: string | undefined = (() => {
  try {
    return findBrowser({}, process.env, process.platform, defaultFileExists).path;
  } catch {
    return undefined;
  }
})();

const IN_CI = process.env.CI !== undefined && process.env.CI !== '' && process.env.CI !== 'false';
const INSTALL =
  'no Chromium, Chrome or Edge found: run `npm run setup` (Debian: apt-get install chromium), or set RATSDECK_BROWSER to the browser\'s full path (see "A browser for the PDFs" in the README)';

/**
 * The browser's path, for files marked `// needs: browser` (vitest.config.ts leaves those out
 * where there is none, except in CI, where this fails them with the reason).
 */
export function browserPath(): string {
  if (BROWSER === undefined) throw new Error(INSTALL);
  return BROWSER;
}

/** `describe` for tests that need the browser; `fn` gets its path. */
export function describeWithBrowser(name: string, fn: (browser: string) => void): void {
  if (BROWSER !== undefined) {
    describe(name, () => fn(BROWSER));
  } else if (IN_CI) {
    describe(name, () => {
      it('needs a browser', () => {
        throw new Error(INSTALL);
      });
    });
  } else {
    console.warn(`skipped "${name}": ${INSTALL}`);
    describe.skip(name, () => fn(''));
  }
}
