/**
 * The doctor's report (issue 15 moved it here from the command line): Node, which browser and
 * why that one, whether it starts, the sandbox decision, fonts, and the project.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BrowserManager, BrowserNotFoundError, defaultFileExists, whichBrowser, type FileExists } from '../browser/index.js';
import { RatsdeckError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { readProjectConfig } from '../project/config.js';
import { findProject, listDecks } from '../project/project.js';
import { browserOptions } from './browser.js';

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

