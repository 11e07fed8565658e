/**
 * `ratsdeck doctor`: what a user (or whoever supports them) needs to know when PDFs do not
 * come out: Node, which browser and why that one, whether it starts, the sandbox decision,
 * fonts, and the project. Exit 0 when a browser works, 5 when none is found or it fails to start.
 */
import type { Command } from 'commander';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_NAMES, BrowserManager, BrowserNotFoundError, defaultFileExists, formatMs, whichBrowser, type FileExists } from '../browser/index.js';
import { ExitCode, RatsdeckError } from '../errors.js';
import { readProjectConfig } from '../project/config.js';
import { findProject, listDecks } from '../project/project.js';
import { browserOptions } from '../usecases/browser.js';
import type { CommandContext } from './context.js';
import { parseSeconds, secondsToMs } from './flags.js';


export interface DoctorReport {
  ok: boolean;
  node: { version: string; required: string; ok: boolean };
  browser: {
    found: boolean;
    path?: string;
    /** The step of the search order that found it (option, RATSDECK_BROWSER, …, install-location, PATH). */
    source?: string;
    how?: string;
    explicit?: boolean;
    tried: string[];
    works: boolean;
    version?: string;
    launchMs?: number;
    error?: string;
    hint?: string;
  };
  sandbox: { noSandbox: boolean; reason: string };
  fonts: {
    fcList: { available: boolean; path?: string; count?: number; error?: string };
    theme: { package: string; present: boolean; path?: string }[];
  };
  project: { found: boolean; root: string; configFile?: string; decks?: number; error?: string };
}

/** The browser search order (src/browser/find.ts), for `ratsdeck doctor --help`. */
export const SEARCH_ORDER_HELP = `
Where ratsdeck looks for a browser, in this order:
  1. --browser PATH, or browser: in ratsdeck.yaml (relative to that file)
  2. the environment variables RATSDECK_BROWSER, PUPPETEER_EXECUTABLE_PATH, CHROME_PATH
  3. the usual install folders of Chromium, Google Chrome and Microsoft Edge
     (Windows: %PROGRAMFILES%, %PROGRAMFILES(X86)%, %LOCALAPPDATA%; macOS: /Applications, ~/Applications)
  4. on PATH: ${BROWSER_NAMES.join(', ')}
A browser named in 1. or by RATSDECK_BROWSER is used or fails; it is never replaced by another.
Set RATSDECK_NO_SANDBOX=1 to start it without its sandbox (added automatically as root or in a container).`;

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('check Node, the browser for PDFs, fonts and the project; exit 5 when no browser works')
    .option('--browser <path>', 'use this Chromium, Chrome or Edge')
    .option('--json', 'print the report as JSON on stdout')
    .option('--timeout <seconds>', 'how long starting the browser may take, in seconds (default: 60)', (v: string) => secondsToMs(parseSeconds(v)))
    .addHelpText('after', SEARCH_ORDER_HELP)
    .action(async (opts: { browser?: string; json?: boolean; timeout?: number }) => {
      const report = await runDoctor({ ...opts, timeout: opts.timeout ?? 60_000, env: ctx.io.env, cwd: ctx.io.cwd });
      if (opts.json) ctx.out.data(JSON.stringify(report, null, 2));
      else printReport(report, ctx);
      if (!report.browser.works) {
        ctx.out.error(report.browser.error ?? 'no working browser', report.browser.hint);
        ctx.setExit(ExitCode.BROWSER);
      }
    });
}

export interface DoctorOptions {
  browser?: string;
  /** Milliseconds. */
  timeout?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** For tests: the file test of the browser search (default: the real file system). */
  fileExists?: FileExists;
}

export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const project = projectInfo(opts.cwd);
  const config = readProjectConfig(findProject(opts.cwd));
  const mgr = new BrowserManager({
    ...browserOptions({ ...(opts.browser ? { browser: opts.browser } : {}), timeoutMs: opts.timeout ?? 60_000, env: opts.env }, opts.cwd, config),
    ...(opts.fileExists ? { fileExists: opts.fileExists } : {}),
  });
  let browser: DoctorReport['browser'] = { found: false, works: false, tried: [] };
  try {
    const found = mgr.find();
    browser = { found: true, works: false, path: found.path, source: found.source, how: found.how, explicit: found.explicit, tried: found.tried };
    browser.version = await mgr.version();
    browser.works = true;
    if (mgr.launchMs !== undefined) browser.launchMs = mgr.launchMs;
  } catch (err) {
    browser.error = err instanceof Error ? err.message : String(err);
    if (err instanceof RatsdeckError && err.hint) browser.hint = err.hint;
    if (err instanceof BrowserNotFoundError) browser.tried = err.tried;
  } finally {
    await mgr.close();
  }
  const node = nodeInfo();
  return {
    ok: browser.works && node.ok,
    node,
    browser,
    sandbox: mgr.sandbox,
    fonts: { fcList: await fcListInfo(opts.env), theme: themeFonts() },
    project,
  };
}

function nodeInfo(): DoctorReport['node'] {
  let required = '>=20.19';
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { engines?: { node?: string } };
    if (pkg.engines?.node) required = pkg.engines.node;
  } catch {
    // Keep the built-in requirement.
  }
  return { version: process.versions.node, required, ok: satisfiesMin(process.versions.node, required) };
}

/** Enough of semver for ">=20.19" style ranges. */
export function satisfiesMin(version: string, range: string): boolean {
  const m = />=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(range);
  if (!m) return true;
  const want = [m[1], m[2], m[3]].map((x) => Number(x ?? 0));
  const have = version.replace(/^v/, '').split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < 3; i++) {
    const h = have[i] ?? 0;
    const w = want[i] ?? 0;
    if (h !== w) return h > w;
  }
  return true;
}

async function fcListInfo(env: NodeJS.ProcessEnv): Promise<DoctorReport['fonts']['fcList']> {
  const path = whichBrowser('fc-list', env, process.platform, defaultFileExists);
  if (!path) return { available: false };
  return new Promise((res) => {
    execFile(path, [], { timeout: 10_000, maxBuffer: 32 * 1024 * 1024, env }, (err, stdout) => {
      if (err) res({ available: true, path, error: err.message });
      else res({ available: true, path, count: stdout.split('\n').filter((l) => l.trim() !== '').length });
    });
  });
}

/** The font files the built-in themes load (url(fonts/…) in themes/*.css); they ship with ratsdeck. */
function themeFonts(): DoctorReport['fonts']['theme'] {
  const themes = join(PACKAGE_ROOT, 'themes');
  const files = new Set<string>();
  for (const css of ['stadt.css', 'kontrast.css', 'nacht.css']) {
    const text = existsSync(join(themes, css)) ? readFileSync(join(themes, css), 'utf8') : '';
    for (const m of text.matchAll(/url\(([^)]+)\)/g)) files.add(m[1]!.replace(/['"]/g, ''));
  }
  return [...files].sort().map((f) => {
    const path = join(themes, f);
    return existsSync(path) ? { package: f, present: true, path } : { package: f, present: false };
  });
}

function projectInfo(cwd: string): DoctorReport['project'] & { configFile?: string } {
  const project = findProject(cwd);
  if (!project.configFile) return { found: false, root: project.root };
  try {
    const decks = listDecks(project.root).filter((f) => f !== project.configFile).length;
    return { found: true, root: project.root, configFile: project.configFile, decks };
  } catch (err) {
    return { found: true, root: project.root, configFile: project.configFile, error: err instanceof Error ? err.message : String(err) };
  }
}

function printReport(r: DoctorReport, ctx: CommandContext): void {
  const line = (k: string, v: string) => ctx.out.info(`${k.padEnd(9)} ${v}`);
  line('node', `${r.node.version} (${r.node.ok ? 'ok' : 'too old'}, ratsdeck needs ${r.node.required})`);
  if (r.browser.found) {
    line('browser', `${r.browser.path} (found via ${r.browser.how})`);
    if (r.browser.works) {
      line('version', `${r.browser.version}${r.browser.launchMs !== undefined ? ` (started in ${formatMs(r.browser.launchMs)})` : ''}`);
    } else line('version', 'unknown: the browser did not start (see below)');
  } else line('browser', 'none found (see below)');
  line('sandbox', r.sandbox.noSandbox ? `off: --no-sandbox (${r.sandbox.reason})` : `on (${r.sandbox.reason})`);
  const fc = r.fonts.fcList;
  line(
    'fonts',
    fc.available
      ? fc.count !== undefined
        ? `fc-list: ${fc.count} fonts installed`
        : `fc-list failed: ${fc.error ?? 'unknown error'}`
      : 'fc-list not found (fine on Windows and macOS)',
  );
  for (const t of r.fonts.theme) line('', `${t.package}: ${t.present ? 'ok' : 'missing'}`);
  const p = r.project;
  if (!p.found) line('project', `no ratsdeck.yaml in ${p.root} or above`);
  else if (p.error) line('project', `${p.root}: ${p.error}`);
  else line('project', `${p.root} (${p.decks} deck file${p.decks === 1 ? '' : 's'})`);

  for (const t of r.browser.tried) if (t.includes('skipped')) ctx.out.warn(t);
  if (!r.node.ok) ctx.out.warn(`Node ${r.node.version} is older than ratsdeck needs (${r.node.required}); install a newer Node LTS`);
  for (const t of r.fonts.theme) {
    if (!t.present) ctx.out.warn(`theme font file themes/${t.package} is missing; reinstall ratsdeck`);
  }
}
