/**
 * The browser, launched lazily, once, shared by all decks of a batch, and always disposed of
 * (after marp-cli's src/browser/manager.ts). puppeteer-core is loaded with a dynamic import
 * inside the launch, so building HTML never loads it.
 *
 *   await withBrowser({ browser: flags.browser }, async (mgr) => {
 *     for (const deck of decks) {
 *       await withPage(mgr, { allowedDir: deck.outDir, onBlocked: warn }, async (page) => {
 *         await mgr.step(page.goto(url), `loading ${deck.id}`);
 *         await mgr.step(page.pdf(...), `printing ${deck.id}.pdf`);
 *       });
 *     }
 *   });
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, LaunchOptions, Page } from 'puppeteer-core';
import { ExitCode, RatsdeckError } from '../errors.js';
import { launchArgs, sandboxDecision, type SandboxDecision } from './args.js';
import { defaultFileExists, findBrowser, type FileExists, type FindBrowserOptions, type FoundBrowser } from './find.js';
import { allowedRoots, isAllowedUrl } from './requests.js';
import { DEFAULT_LAUNCH_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, withTimeout } from './timeout.js';

export type { Browser, Page } from 'puppeteer-core';

export interface BrowserManagerOptions extends FindBrowserOptions {
  /** Environment for finding the browser, the sandbox decision and the browser process. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  fileExists?: FileExists;
  /** Deadline of each operation (new page, navigation, printing, closing a page). Default 120000. */
  timeoutMs?: number;
  /** Deadline for starting the browser. Default 60000. */
  launchTimeoutMs?: number;
  /** Overrides the detection (root, container, RATSDECK_NO_SANDBOX=1). */
  noSandbox?: boolean;
  /** Close the browser on SIGINT/SIGTERM, then let the signal take its course. Default true. */
  handleSignals?: boolean;
  /** More flags for the browser, after ratsdeck's own. */
  extraArgs?: string[];
  /** Folder for the fresh profile (--user-data-dir). Default: the system temp folder. */
  tmpDir?: string;
}

export interface PageOptions {
  /** The folder (or folders) whose file:// URLs the page may load. */
  allowedDir: string | readonly string[];
  /** Called once per blocked URL (the CLI turns these into warnings). */
  onBlocked?: (url: string) => void;
  /** Deadline for this page's operations; default: the manager's timeoutMs. */
  timeoutMs?: number;
}

const CLOSE_TIMEOUT_MS = 10_000;
const CRASH_HINT = 'try again and run `ratsdeck doctor`; if it keeps happening, use another browser (--browser or RATSDECK_BROWSER)';
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export class BrowserManager {
  readonly timeoutMs: number;
  readonly launchTimeoutMs: number;
  /** How long the launch took, once it has happened. */
  launchMs: number | undefined;

  readonly #opts: BrowserManagerOptions;
  readonly #env: NodeJS.ProcessEnv;
  #found: FoundBrowser | undefined;
  #launching: Promise<Browser> | undefined;
  #browser: Browser | undefined;
  #profileDir: string | undefined;
  /** Aborting it makes puppeteer SIGKILL the browser's process group at once. */
  #kill: AbortController | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  #crashed = false;
  #signalHandlers = new Map<NodeJS.Signals, () => void>();
  #onExit: (() => void) | undefined;

  constructor(options: BrowserManagerOptions = {}) {
    this.#opts = options;
    this.#env = options.env ?? process.env;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.launchTimeoutMs = options.launchTimeoutMs ?? DEFAULT_LAUNCH_TIMEOUT_MS;
  }

  /** The browser to use (found once; throws exit 5 when there is none). No launch. */
  find(): FoundBrowser {
    this.#found ??= findBrowser(
      this.#opts,
      this.#env,
      this.#opts.platform ?? process.platform,
      this.#opts.fileExists ?? defaultFileExists,
    );
    return this.#found;
  }

  get sandbox(): SandboxDecision {
    if (this.#opts.noSandbox !== undefined) {
      return { noSandbox: this.#opts.noSandbox, reason: 'set by the caller' };
    }
    return sandboxDecision(this.#env, this.#opts.platform ?? process.platform);
  }

  /** The flags the browser is started with (besides puppeteer's defaults and --user-data-dir). */
  get args(): string[] {
    return launchArgs(this.sandbox, this.#opts.extraArgs);
  }

  get isLaunched(): boolean {
    return this.#browser !== undefined && !this.#closed;
  }

  /** Process id of the browser, while it runs. */
  get pid(): number | undefined {
    return this.#browser?.process()?.pid;
  }

  /** The fresh profile folder of the running browser (removed on close). */
  get profileDir(): string | undefined {
    return this.#profileDir;
  }

  /** Runs one browser operation under the manager's deadline (exit 6 on timeout or crash). */
  async step<T>(promise: Promise<T>, what: string, timeoutMs = this.timeoutMs): Promise<T> {
    try {
      return await withTimeout(promise, timeoutMs, what);
    } catch (err) {
      if (this.#browser && !this.#browser.connected && !this.#closed) this.#crashed = true;
      if (!this.#crashed) throw err;
      throw new RatsdeckError(`${what} failed: the browser ${this.#found?.path ?? ''} quit unexpectedly`, {
        exitCode: ExitCode.PRINT,
        cause: err,
        hint: CRASH_HINT,
      });
    }
  }

  /** The shared browser; the first call launches it. */
  getBrowser(): Promise<Browser> {
    if (this.#closed) {
      return Promise.reject(new RatsdeckError('the browser was already closed', { exitCode: ExitCode.INTERNAL }));
    }
    if (this.#crashed) {
      return Promise.reject(
        new RatsdeckError(`the browser ${this.#found?.path ?? ''} quit unexpectedly`, {
          exitCode: ExitCode.PRINT,
          hint: CRASH_HINT,
        }),
      );
    }
    this.#launching ??= this.#launch();
    return this.#launching;
  }

  /** The browser's version string, e.g. "Chrome/156.0.8078.108" (launches if needed). */
  async version(): Promise<string> {
    const browser = await this.getBrowser();
    return this.step(browser.version(), 'asking the browser for its version');
  }

  /**
   * A new page that may load only file:// URLs under `allowedDir` (and data:, blob:, about:).
   * Everything else is aborted and reported once through `onBlocked`. Close it in `finally`
   * (or use withPage).
   */
  async newPage(opts: PageOptions): Promise<Page> {
    const browser = await this.getBrowser();
    const timeout = opts.timeoutMs ?? this.timeoutMs;
    const page = await this.step(browser.newPage(), 'opening a browser page', timeout);
    try {
      page.setDefaultTimeout(timeout);
      page.setDefaultNavigationTimeout(timeout);
      // An alert() or confirm() in a deck would otherwise block every later step.
      page.on('dialog', (d) => void d.dismiss().catch(() => undefined));
      const roots = allowedRoots(opts.allowedDir);
      const reported = new Set<string>();
      await this.step(page.setRequestInterception(true), 'setting up the browser page', timeout);
      page.on('request', (req) => {
        if (req.isInterceptResolutionHandled()) return;
        const url = req.url();
        if (isAllowedUrl(url, roots)) {
          void req.continue().catch(() => undefined);
          return;
        }
        if (!reported.has(url)) {
          reported.add(url);
          opts.onBlocked?.(url);
        }
        void req.abort('blockedbyclient').catch(() => undefined);
      });
      return page;
    } catch (err) {
      await closePage(page, this.timeoutMs);
      throw err;
    }
  }

  /**
   * Closes the browser and removes its profile. Safe to call more than once and while the
   * launch is still running. Never throws: a browser that does not close in time is killed.
   */
  close(): Promise<void> {
    this.#closed = true;
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    if (this.#launching) {
      // Closing while the launch runs (e.g. Ctrl+C right away): kill it rather than wait for it.
      if (!this.#browser) this.#kill?.abort();
      await this.#launching.catch(() => undefined);
    }
    const browser = this.#browser;
    if (browser) {
      try {
        await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, 'closing the browser');
      } catch {
        await this.#killNow(browser);
      }
    }
    this.#unregister();
    await this.#removeProfile();
  }

  async #killNow(browser: Browser): Promise<void> {
    const proc = browser.process();
    const exited =
      proc && proc.exitCode === null && proc.signalCode === null
        ? new Promise<void>((res) => proc.once('exit', () => res()))
        : Promise.resolve();
    this.#kill?.abort();
    await withTimeout(exited, 5000, 'killing the browser').catch(() => undefined);
  }

  async #removeProfile(): Promise<void> {
    const dir = this.#profileDir;
    if (!dir) return;
    // Chromium may still be flushing files for a moment after it exits.
    await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
  }

  async #launch(): Promise<Browser> {
    const found = this.find();
    const sandbox = this.sandbox;
    const args = launchArgs(sandbox, this.#opts.extraArgs);
    const { default: puppeteer } = await import('puppeteer-core');
    if (this.#closed) throw new RatsdeckError('the browser was closed while it was starting', { exitCode: ExitCode.BROWSER });
    this.#profileDir = await mkdtemp(join(this.#opts.tmpDir ?? tmpdir(), 'ratsdeck-chromium-'));
    this.#kill = new AbortController();
    if (this.#closed) this.#kill.abort();
    this.#register();

    const launchOpts: LaunchOptions = {
      executablePath: found.path,
      headless: true,
      args,
      userDataDir: this.#profileDir,
      env: this.#env,
      // Our own handlers close the browser and then re-raise the signal; puppeteer's would exit.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Puppeteer's own launch deadline is a little later than ours, so our message wins.
      timeout: this.launchTimeoutMs + 5000,
      // A last line of defence for CDP calls nobody wrapped in step(); ours fire first.
      protocolTimeout: Math.max(this.timeoutMs, this.launchTimeoutMs) + 10_000,
      signal: this.#kill.signal,
    };
    const started = performance.now();
    const launching = puppeteer.launch(launchOpts);
    const named = `${found.path} (found via ${found.how})`;
    try {
      const browser = await withTimeout(launching, this.launchTimeoutMs, `starting the browser ${named}`, {
        exitCode: ExitCode.BROWSER,
        hint: launchHint(found, ''),
      });
      this.launchMs = Math.round(performance.now() - started);
      this.#browser = browser;
      browser.once('disconnected', () => {
        if (!this.#closed) this.#crashed = true;
      });
      return browser;
    } catch (err) {
      // Kill whatever was started; a launch that finishes after we gave up is closed as well.
      this.#kill.abort();
      void launching.then((b) => b.close()).catch(() => undefined);
      this.#unregister();
      await this.#removeProfile();
      if (err instanceof RatsdeckError && /timed out/.test(err.message)) throw err;
      const cause = err instanceof RatsdeckError && err.cause !== undefined ? err.cause : err;
      const detail = launchFailure(cause);
      throw new RatsdeckError(`could not start the browser ${named}: ${detail}`, {
        exitCode: ExitCode.BROWSER,
        cause,
        hint: launchHint(found, detail),
      });
    }
  }

  #register(): void {
    if (this.#opts.handleSignals !== false) {
      for (const sig of SIGNALS) {
        const handler = () => this.#onSignal(sig);
        this.#signalHandlers.set(sig, handler);
        process.on(sig, handler);
      }
    }
    // Last resort when the process exits without close(): puppeteer kills the browser on
    // 'exit' itself; the profile folder is ours to remove (synchronously, it is 'exit').
    this.#onExit = () => {
      this.#kill?.abort();
      if (this.#profileDir) {
        try {
          rmSync(this.#profileDir, { recursive: true, force: true });
        } catch {
          // Nothing more we can do while exiting.
        }
      }
    };
    process.on('exit', this.#onExit);
  }

  #unregister(): void {
    for (const [sig, handler] of this.#signalHandlers) process.removeListener(sig, handler);
    this.#signalHandlers.clear();
    if (this.#onExit) process.removeListener('exit', this.#onExit);
    this.#onExit = undefined;
  }

  #signalled = false;

  /** First signal: close the browser, then re-raise. A second one kills it at once. */
  #onSignal(sig: NodeJS.Signals): void {
    const reraise = () => {
      this.#unregister();
      // With our handler gone, the default action (or the program's own handlers) applies.
      process.kill(process.pid, sig);
    };
    if (this.#signalled) {
      this.#kill?.abort();
      reraise();
      return;
    }
    this.#signalled = true;
    void withTimeout(this.close(), CLOSE_TIMEOUT_MS, 'closing the browser')
      .catch(() => this.#kill?.abort())
      .finally(reraise);
  }
}

// Lets `await using mgr = new BrowserManager()` work where the runtime knows Symbol.asyncDispose.
const asyncDispose = (Symbol as unknown as { asyncDispose?: symbol }).asyncDispose;
if (asyncDispose) {
  Object.defineProperty(BrowserManager.prototype, asyncDispose, {
    value(this: BrowserManager) {
      return this.close();
    },
  });
}

/** Runs `fn` with a manager whose browser (if it was launched) is closed in `finally`. */
export async function withBrowser<T>(options: BrowserManagerOptions, fn: (mgr: BrowserManager) => Promise<T>): Promise<T> {
  const mgr = new BrowserManager(options);
  try {
    return await fn(mgr);
  } finally {
    await mgr.close();
  }
}

/** Runs `fn` with a new page of `mgr` that is closed in `finally`. */
export async function withPage<T>(mgr: BrowserManager, opts: PageOptions, fn: (page: Page) => Promise<T>): Promise<T> {
  const page = await mgr.newPage(opts);
  try {
    return await fn(page);
  } finally {
    await closePage(page, Math.min(opts.timeoutMs ?? mgr.timeoutMs, CLOSE_TIMEOUT_MS));
  }
}

/** Closes a page; a page that will not close is left to the browser's close (which kills). */
async function closePage(page: Page, timeoutMs: number): Promise<void> {
  if (page.isClosed()) return;
  await withTimeout(page.close({ runBeforeUnload: false }), timeoutMs, 'closing a browser page').catch(() => undefined);
}

/** The useful part of puppeteer's launch error: its first line and the browser's own output. */
function launchFailure(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  const lines = msg
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('TROUBLESHOOTING') && l !== 'undefined');
  // Puppeteer: "Failed to launch the browser process: Code: 1", "stderr:", then the output.
  const first = (lines[0] ?? 'unknown error').replace(/ undefined$/, '').replace(/:?\s*Code: (\S+)$/, ' (exit code $1)');
  const rest = lines.slice(1).filter((l) => l !== 'stderr:').slice(0, 5);
  return rest.length ? `${first}\n    ${rest.join('\n    ')}` : first;
}

function launchHint(found: FoundBrowser, detail: string): string {
  if (/sandbox/i.test(detail)) {
    return 'the browser\'s sandbox is not available here; inside a container or VM you trust, set RATSDECK_NO_SANDBOX=1';
  }
  const check = `check that it runs: "${found.path}" --headless --version`;
  return found.explicit
    ? `${check}; or name another Chromium, Chrome or Edge (${found.how})`
    : `${check}; or set RATSDECK_BROWSER to another Chromium, Chrome or Edge`;
}
