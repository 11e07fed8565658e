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
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import type { Browser, Page } from 'puppeteer-core';
import { ExitCode, RatsdeckError } from '../errors.js';
import { launchArgs, sandboxDecision, type SandboxDecision } from './args.js';
import { defaultFileExists, findBrowser, type FileExists, type FindBrowserOptions, type FoundBrowser } from './find.js';
import { BrowserProcess, type BrowserExit } from './process.js';
import { createProfile, killProfileProcesses, removeProfile, sweepLeftovers, type Leftover } from './profile.js';
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
  /** Deadline for starting the browser, from the first request to a usable connection. Default 60000. */
  launchTimeoutMs?: number;
  /** Overrides the detection (root, container, RATSDECK_NO_SANDBOX=1). */
  noSandbox?: boolean;
  /** Close the browser on SIGINT/SIGTERM, then let the signal take its course. Default true. */
  handleSignals?: boolean;
  /** More flags for the browser, after ratsdeck's own. */
  extraArgs?: string[];
  /** Folder for the fresh profile (--user-data-dir). Default: the system temp folder. */
  tmpDir?: string;
  /** Told about profile folders of killed ratsdeck runs that the launch cleaned up. */
  onLeftovers?: (leftovers: Leftover[]) => void;
}

export interface PageOptions {
  /** The folder (or folders) whose file:// URLs the page may load. */
  allowedDir: string | readonly string[];
  /** Called once per blocked URL (the CLI turns these into warnings). */
  onBlocked?: (url: string) => void;
  /** Deadline for this page's operations; default: the manager's timeoutMs. */
  timeoutMs?: number;
  /**
   * Whether the page emulates focus (default true: it lays out and prints at full speed beside
   * other pages). A page whose screenshots are taken is brought to the front instead: with the
   * emulation, its captures hung while another page printed.
   */
  emulateFocus?: boolean;
}

const CLOSE_TIMEOUT_MS = 10_000;
const CRASH_HINT = 'try again and run `ratsdeck doctor`; if it keeps happening, use another browser (--browser or RATSDECK_BROWSER)';
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export class BrowserManager {
  readonly timeoutMs: number;
  readonly launchTimeoutMs: number;
  /** How long the launch took, once it has happened. */
  launchMs: number | undefined;
  /** Profile folders of killed ratsdeck runs that the launch cleaned up. */
  leftovers: Leftover[] = [];

  readonly #opts: BrowserManagerOptions;
  readonly #env: NodeJS.ProcessEnv;
  #found: FoundBrowser | undefined;
  #launching: Promise<Browser> | undefined;
  #browser: Browser | undefined;
  #profileDir: string | undefined;
  #process: BrowserProcess | undefined;
  /** Aborting it stops a launch that is still running and kills what it started. */
  readonly #abort = new AbortController();
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
    return this.#process?.pid;
  }

  /** The browser's command line (the executable first), once it was started. */
  get commandLine(): readonly string[] | undefined {
    return this.#process?.commandLine;
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
      // Every page counts as the focused, visible one: otherwise only the newest tab is, and a
      // page printed beside another (the slides beside the handout, two decks at once) runs in
      // the background, where Chromium pauses animation frames and reveal.js never lays out
      // its print view (or, throttled, takes seconds longer). Kept for the page's lifetime:
      // the setting ends with the session that made it.
      if (opts.emulateFocus !== false) {
        const cdp = await this.step(page.createCDPSession(), 'setting up the browser page', timeout);
        await this.step(cdp.send('Emulation.setFocusEmulationEnabled', { enabled: true }), 'setting up the browser page', timeout);
      }
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
      // Closing while the launch runs (e.g. Ctrl+C right away): stop it rather than wait for it.
      if (!this.#browser) this.#abort.abort(new RatsdeckError('the browser was closed while it was starting', { exitCode: ExitCode.BROWSER }));
      await this.#launching.catch(() => undefined);
    }
    const browser = this.#browser;
    const proc = this.#process;
    if (browser && proc) {
      const closing = (async () => {
        await browser.close();
        await proc.exited;
      })();
      await withTimeout(closing, CLOSE_TIMEOUT_MS, 'closing the browser').catch(() => this.#killNow());
      // The browser has gone; a renderer of its group may still be on its way out: not after us.
      await proc.killGroupLeft();
    }
    this.#unregister();
    await this.#removeProfile();
  }

  async #killNow(): Promise<void> {
    const proc = this.#process;
    if (!proc) return;
    proc.kill();
    await withTimeout(proc.exited, 5000, 'killing the browser').catch(() => undefined);
  }

  async #removeProfile(): Promise<void> {
    const dir = this.#profileDir;
    if (!dir) return;
    // Whatever still runs from the profile (a helper that outlived the browser) goes with it.
    await killProfileProcesses(dir, 2000);
    await removeProfile(dir);
  }

  async #launch(): Promise<Browser> {
    const found = this.find();
    const named = `${found.path} (found via ${found.how})`;
    this.#register();
    const started = performance.now();
    // One deadline for the whole start: loading puppeteer, the cleanup, the profile, the process
    // and the connection (a hung start used to take 61 s whatever --timeout said; issue 9).
    const starting = this.#start(found, this.#abort.signal);
    try {
      const browser = await withTimeout(starting, this.launchTimeoutMs, `starting the browser ${named}`, {
        exitCode: ExitCode.BROWSER,
        hint: launchHint(found, '', this.#opts.platform ?? process.platform, true),
      });
      this.launchMs = Math.round(performance.now() - started);
      this.#browser = browser;
      browser.once('disconnected', () => {
        if (!this.#closed) this.#crashed = true;
      });
      return browser;
    } catch (err) {
      // Stop the start wherever it is; it settles at once then (each step checks the signal,
      // and the connection fails when the killed browser's pipe closes). Bounded all the same.
      if (!this.#abort.signal.aborted) this.#abort.abort();
      await Promise.race([starting.catch(() => undefined), delay(5000, undefined, { ref: false })]);
      await this.#killNow();
      this.#unregister();
      await this.#removeProfile();
      // withTimeout wraps foreign errors; ours (the deadline, a close during the start) pass as they are.
      const cause = err instanceof RatsdeckError && err.cause !== undefined ? err.cause : err;
      if (cause instanceof RatsdeckError) throw cause;
      const detail = cause instanceof StartFailure ? cause.message : launchFailure(cause);
      throw new RatsdeckError(`could not start the browser ${named}: ${detail}`, {
        exitCode: ExitCode.BROWSER,
        cause,
        hint: launchHint(found, detail, this.#opts.platform ?? process.platform),
      });
    }
  }

  async #start(found: FoundBrowser, signal: AbortSignal): Promise<Browser> {
    const { default: puppeteer } = await import('puppeteer-core');
    const tmp = this.#opts.tmpDir ?? tmpdir();
    signal.throwIfAborted();
    this.leftovers = await sweepLeftovers(tmp);
    if (this.leftovers.length) this.#opts.onLeftovers?.(this.leftovers);
    signal.throwIfAborted();
    this.#profileDir = await createProfile(tmp);
    signal.throwIfAborted();
    // puppeteer's own defaults (what puppeteer.launch would pass), ours after them.
    const args = [
      ...puppeteer.defaultArgs({ headless: true, userDataDir: this.#profileDir, args: launchArgs(this.sandbox, this.#opts.extraArgs) }),
      '--remote-debugging-pipe',
    ];
    const proc = new BrowserProcess(found.path, args, this.#env);
    this.#process = proc;
    const kill = () => proc.kill();
    signal.addEventListener('abort', kill, { once: true });
    try {
      const quit = proc.exited.then((exit) => Promise.reject(new StartFailure(exit)));
      quit.catch(() => undefined);
      return await Promise.race([
        puppeteer.connect({
          transport: proc.transport,
          // A last line of defence for CDP calls nobody wrapped in step(); ours fire first.
          protocolTimeout: Math.max(this.timeoutMs, this.launchTimeoutMs) + 10_000,
        }),
        quit,
      ]);
    } catch (err) {
      // Stopped by close() or the deadline: the reason, not the broken connection, is the news.
      if (signal.aborted) throw signal.reason instanceof RatsdeckError ? signal.reason : err;
      // The connection often notices the closed pipe before node reports the exit.
      const exit = await Promise.race([proc.exited, delay(2000, undefined, { ref: false })]);
      if (exit) throw new StartFailure(exit, await proc.output());
      throw err;
    } finally {
      signal.removeEventListener('abort', kill);
      if (signal.aborted) proc.kill();
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
    // Last resort when the process exits without close(): kill the browser and remove the
    // profile, synchronously (it is 'exit'). After kill -9 nothing runs here; then the pipe
    // ends the browser, and the next launch removes the profile (sweepLeftovers).
    this.#onExit = () => {
      this.#process?.kill();
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
      this.#process?.kill();
      reraise();
      return;
    }
    this.#signalled = true;
    void withTimeout(this.close(), CLOSE_TIMEOUT_MS, 'closing the browser')
      .catch(() => this.#process?.kill())
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

/** The browser process quit (or could not be run) before the connection was up. */
class StartFailure extends Error {
  constructor(exit: BrowserExit, output: readonly string[] = []) {
    const how = exit.error
      ? `it could not be run (${exit.error.message})`
      : exit.signal
        ? `it was ended by ${exit.signal} while starting`
        : `it quit while starting (exit code ${exit.code})`;
    // The last lines are where a browser says why it gives up (a missing library, the sandbox).
    const said = output.slice(-5);
    super(said.length ? `${how}\n    ${said.join('\n    ')}` : how);
  }
}

/** The first line of any other launch error (e.g. a protocol error on the pipe). */
function launchFailure(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
}

function launchHint(found: FoundBrowser, detail: string, platform: NodeJS.Platform, timedOut = false): string {
  if (/sandbox/i.test(detail)) {
    return 'the browser\'s sandbox is not available here; inside a container or VM you trust, set RATSDECK_NO_SANDBOX=1';
  }
  // Windows: PowerShell needs `&` before a quoted program, and Edge/Chrome print no version there.
  const check =
    platform === 'win32'
      ? `check that it starts: & "${found.path}" in PowerShell, "${found.path}" in cmd`
      : `check that it runs: "${found.path}" --headless --version`;
  if (timedOut) return `it may be hung, or this machine is slow right now; ${check}, or allow more time with --timeout <seconds>`;
  return found.explicit
    ? `${check}; or name another Chromium, Chrome or Edge (${found.how})`
    : `${check}; or set RATSDECK_BROWSER to the full path of another Chromium, Chrome or Edge`;
}
