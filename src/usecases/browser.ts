/** The browser options of the use cases that print or check: one place for the choice of browser and its deadlines. */
import type { BrowserManagerOptions } from '../browser/index.js';
import { browserPath, type ProjectConfig } from '../project/config.js';
import type { Reporter } from './reporter.js';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface BrowserChoice {
  /** A Chromium, Chrome or Edge to use (before `browser:` in ratsdeck.yaml and the search order). */
  browser?: string;
  /** Deadline of starting the browser and of each step (load, print), in milliseconds. */
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * The browser as `build --pdf`, `check` and `doctor` find it: `browser` (relative to `cwd`),
 * then `browser:` in ratsdeck.yaml, then the search order of src/browser/find.ts.
 */
export function browserOptions(choice: BrowserChoice, cwd: string, config: ProjectConfig | undefined, reporter?: Reporter): BrowserManagerOptions {
  const timeoutMs = choice.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const explicit = choice.browser
    ? { browser: browserPath(choice.browser, cwd), browserFrom: '--browser' }
    : config?.browser
      ? { browser: config.browser.path, browserFrom: config.browser.from }
      : {};
  return {
    ...explicit,
    env: choice.env ?? process.env,
    timeoutMs,
    // The start too: a hung browser ends with exit 5 after the timeout, not after a minute (issue 9).
    launchTimeoutMs: timeoutMs,
    ...(reporter
      ? {
          onLeftovers: (found) => {
            for (const l of found) {
              const killed = l.killed.length ? ` and ended ${l.killed.length} browser process${l.killed.length === 1 ? '' : 'es'} still running from it` : '';
              reporter.info(`removed the browser profile ${l.dir} left by an earlier ratsdeck run (pid ${l.owner.pid}) that did not finish${killed}`);
            }
          },
        }
      : {}),
  };
}
