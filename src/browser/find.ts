/**
 * Finding Chromium, Google Chrome or Microsoft Edge, in one fixed, documented order
 * (after marp-cli's src/browser/finders/chrome.ts):
 *
 *   1. the explicit path: `--browser PATH` or `browser:` in ratsdeck.yaml (passed in as an option)
 *   2. the environment: RATSDECK_BROWSER, PUPPETEER_EXECUTABLE_PATH, CHROME_PATH
 *   3. the usual install locations of Chromium, Chrome and Edge on this platform
 *   4. a `which`-style lookup on PATH of chromium, chromium-browser, google-chrome,
 *      google-chrome-stable, microsoft-edge, microsoft-edge-stable, msedge, chrome
 *
 * A browser named explicitly (step 1 or RATSDECK_BROWSER) that does not exist is an error that
 * names it; it is never silently replaced by another candidate. PUPPETEER_EXECUTABLE_PATH and
 * CHROME_PATH are often set for other tools, so a stale one is noted and skipped.
 *
 * The finder does no I/O of its own: environment, platform and the file test are parameters,
 * so the order can be tested for Linux, macOS and Windows on any machine.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';

/** Which step of the order found the browser. */
export type BrowserSource =
  | 'option'
  | 'RATSDECK_BROWSER'
  | 'PUPPETEER_EXECUTABLE_PATH'
  | 'CHROME_PATH'
  | 'install-location'
  | 'PATH';

export interface FindBrowserOptions {
  /**
   * An explicit browser: the `--browser` flag or `browser:` in ratsdeck.yaml. A path (relative
   * paths must already be resolved against the working directory or the config file's folder)
   * or a bare command name such as `msedge`, which is looked up on PATH.
   */
  browser?: string | undefined;
  /** How the explicit browser was given, for messages: `--browser` (default) or `ratsdeck.yaml`. */
  browserFrom?: string | undefined;
}

export interface FoundBrowser {
  /** The executable to launch. */
  path: string;
  source: BrowserSource;
  /** For people: "--browser", "RATSDECK_BROWSER", "install location", "PATH (chromium)". */
  how: string;
  /** Named by the user (flag, config, RATSDECK_BROWSER): never replaced by another candidate. */
  explicit: boolean;
  /** What was looked at before this one was found, and notes such as a stale CHROME_PATH. */
  tried: string[];
}

/** True when `path` is an executable file. Injected so tests can fake a file system. */
export type FileExists = (path: string) => boolean;

/** The environment variables, in the order they are consulted. */
export const BROWSER_ENV_VARS = ['RATSDECK_BROWSER', 'PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const;

/** Command names looked up on PATH, in order. */
export const BROWSER_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'microsoft-edge',
  'microsoft-edge-stable',
  'msedge',
  'chrome',
] as const;

/** The real file test: an existing regular file that we may execute (on Windows: just a file). */
export function defaultFileExists(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (process.platform !== 'win32') accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function pathApi(platform: NodeJS.Platform) {
  return platform === 'win32' ? win32 : posix;
}

/** Environment lookup; Windows variable names are case-insensitive (`ProgramFiles`). */
function getEnv(env: NodeJS.ProcessEnv, name: string, platform: NodeJS.Platform): string | undefined {
  let v = env[name];
  if (v === undefined && platform === 'win32') {
    const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
    if (key !== undefined) v = env[key];
  }
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/**
 * A path with the quotes it was typed with: cmd's `set RATSDECK_BROWSER="C:\Program Files\…"`
 * keeps them in the value, and a path with spaces is often pasted quoted.
 */
function unquote(s: string): string {
  const m = /^"(.*)"$|^'(.*)'$/.exec(s.trim());
  return (m ? (m[1] ?? m[2])! : s).trim();
}

/**
 * The usual install locations on `platform`, Chromium first, then Chrome, then Edge.
 * On Windows each browser is looked for under %PROGRAMFILES%, %PROGRAMFILES(X86)% and
 * %LOCALAPPDATA% (per-user installs, which need no admin rights).
 */
export function installLocations(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  if (platform === 'win32') {
    const bases = [
      getEnv(env, 'PROGRAMFILES', platform) ?? 'C:\\Program Files',
      getEnv(env, 'PROGRAMFILES(X86)', platform) ?? 'C:\\Program Files (x86)',
      getEnv(env, 'LOCALAPPDATA', platform),
    ].filter((b): b is string => b !== undefined);
    const exes = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return exes.flatMap((exe) => bases.map((b) => win32.join(b, exe)));
  }
  if (platform === 'darwin') {
    const apps = [
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
    const home = getEnv(env, 'HOME', platform);
    // Users without admin rights drag apps into ~/Applications.
    const bases = ['/Applications', ...(home ? [posix.join(home, 'Applications')] : [])];
    return apps.flatMap((app) => bases.map((b) => posix.join(b, app)));
  }
  // Linux and the other Unixes.
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/local/bin/chromium',
    '/opt/google/chrome/chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/microsoft/msedge/msedge',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/microsoft-edge',
  ];
}

/** `which`: the first PATH entry holding `name` (with a PATHEXT extension on Windows). */
export function whichBrowser(
  name: string,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  fileExists: FileExists,
): string | undefined {
  const p = pathApi(platform);
  const dirs = pathDirs(env, platform);
  const exts =
    platform === 'win32'
      ? /\.[a-z0-9]+$/i.test(name)
        ? ['']
        : (getEnv(env, 'PATHEXT', platform) ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
      : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = p.join(dir, name + ext.toLowerCase());
      if (fileExists(candidate)) return candidate;
    }
  }
  return undefined;
}

function pathDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const raw = getEnv(env, 'PATH', platform) ?? '';
  return raw
    .split(platform === 'win32' ? ';' : ':')
    .map((d) => d.replace(/^"(.*)"$/, '$1'))
    .filter((d) => d !== '');
}

/** True for `msedge` or `chromium`, false for anything with a folder in it. */
function isBareName(s: string): boolean {
  return !/[\\/]/.test(s);
}

/** On macOS people pass the app bundle; the executable sits inside it. */
function macAppExecutable(path: string): string | undefined {
  const m = /^(.*\/)?([^/]+)\.app\/?$/.exec(path);
  return m ? posix.join(path, 'Contents/MacOS', m[2]!) : undefined;
}

/**
 * Finds the browser. Throws RatsdeckError (exit 5) when an explicitly named browser does not
 * exist, or when nothing is found; the message lists every place that was tried.
 */
export function findBrowser(
  options: FindBrowserOptions,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
  fileExists: FileExists,
): FoundBrowser {
  const tried: string[] = [];

  const explicit = (given: string, from: string, source: BrowserSource): FoundBrowser => {
    const value = unquote(given);
    let path: string | undefined;
    if (isBareName(value)) {
      path = whichBrowser(value, env, platform, fileExists);
    } else if (fileExists(value)) {
      path = value;
    } else if (platform === 'darwin') {
      const inner = macAppExecutable(value);
      if (inner && fileExists(inner)) path = inner;
    }
    if (path === undefined) {
      const what = isBareName(value) ? `"${value}" was not found on PATH` : `${value} does not exist or is not an executable file`;
      throw new RatsdeckError(`browser given by ${from}: ${what}`, {
        exitCode: ExitCode.BROWSER,
        hint: `fix the path in ${from}, or remove it to let ratsdeck look for Chromium, Chrome or Edge itself`,
      });
    }
    return { path, source, how: from, explicit: true, tried };
  };

  // 1. The flag or ratsdeck.yaml.
  if (options.browser !== undefined && options.browser.trim() !== '') {
    return explicit(options.browser.trim(), options.browserFrom ?? '--browser', 'option');
  }

  // 2. The environment.
  const own = getEnv(env, 'RATSDECK_BROWSER', platform);
  if (own !== undefined) return explicit(own, 'RATSDECK_BROWSER', 'RATSDECK_BROWSER');
  tried.push('RATSDECK_BROWSER (not set)');
  for (const name of ['PUPPETEER_EXECUTABLE_PATH', 'CHROME_PATH'] as const) {
    const v = getEnv(env, name, platform);
    if (v === undefined) {
      tried.push(`${name} (not set)`);
      continue;
    }
    const u = unquote(v);
    const path = isBareName(u) ? whichBrowser(u, env, platform, fileExists) : fileExists(u) ? u : undefined;
    if (path !== undefined) return { path, source: name, how: name, explicit: false, tried };
    tried.push(`${name}=${v} (does not exist; skipped)`);
  }

  // 3. Install locations.
  for (const loc of installLocations(env, platform)) {
    if (fileExists(loc)) return { path: loc, source: 'install-location', how: 'install location', explicit: false, tried };
    tried.push(loc);
  }

  // 4. PATH.
  for (const name of BROWSER_NAMES) {
    const hit = whichBrowser(name, env, platform, fileExists);
    if (hit !== undefined) return { path: hit, source: 'PATH', how: `PATH (${name})`, explicit: false, tried };
  }
  const dirs = pathDirs(env, platform);
  tried.push(`${BROWSER_NAMES.join(', ')} on PATH (${dirs.length ? dirs.join(platform === 'win32' ? ';' : ':') : 'PATH is empty'})`);

  throw new BrowserNotFoundError(tried, platform);
}

/** Nothing found: exit 5; the message lists what was tried, the hint says how to fix it. */
export class BrowserNotFoundError extends RatsdeckError {
  readonly tried: string[];
  constructor(tried: string[], platform: NodeJS.Platform) {
    super(`no Chromium, Chrome or Edge found; tried:\n${tried.map((t) => `  ${t}`).join('\n')}`, {
      exitCode: ExitCode.BROWSER,
      hint: notFoundHint(platform),
    });
    this.name = 'BrowserNotFoundError';
    this.tried = tried;
  }
}

export function notFoundHint(platform: NodeJS.Platform): string {
  // The full path: msedge.exe and chrome.exe are not on the PATH on Windows.
  const set = 'or set RATSDECK_BROWSER (or --browser, or browser: in ratsdeck.yaml) to the browser\'s full path';
  if (platform === 'win32') {
    return `Microsoft Edge normally comes with Windows; install Edge or Google Chrome, ${set}, e.g. C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe or C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe`;
  }
  if (platform === 'darwin') return `install Google Chrome, Microsoft Edge or Chromium into /Applications, ${set}, e.g. /Applications/Google Chrome.app/Contents/MacOS/Google Chrome`;
  return `on Debian/Ubuntu run \`apt-get install chromium\` (as root; Ubuntu: chromium-browser); or install Google Chrome or Microsoft Edge; ${set}, e.g. /usr/bin/chromium`;
}
