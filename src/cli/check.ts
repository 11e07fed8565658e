/**
 * `ratsdeck check [paths…]`: builds each deck into a temporary folder, opens it in one shared
 * browser and reports what would embarrass the presenter: content that does not fit, text
 * too small, accessibility problems, non-public text in a public output, requests to other
 * hosts, incomplete PDFs. Each problem as FILE:LINE:COL pointing at the YAML. `build --check`
 * runs the same checks on what it just built (checkBuilt).
 */
import type { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_LAUNCH_TIMEOUT_MS, withBrowser, type BrowserManager, type BrowserManagerOptions } from '../browser/index.js';
import { checkOutput, type CheckResult } from '../check/run.js';
import { TEXT_ERROR_PX, TEXT_WARNING_PX } from '../check/fit.js';
import type { CheckProblem } from '../check/locate.js';
import { ExitCode, RatsdeckError, formatProblem, type Problem } from '../errors.js';
import { pdfTasks, runPdfTask } from '../pdf.js';
import { buildDeck, type BuildResult } from '../pipeline.js';
import { checkCollisions } from '../build.js';
import { findProject, loadDeck, resolveDeckPaths } from '../project/project.js';
import { HANDOUT_LAYOUTS, type HandoutLayout } from '../render/render.js';
import type { CommandContext } from './context.js';
import { DEFAULT_TIMEOUT_S, explicitBrowser } from './printing.js';

export interface CheckFlags {
  out?: string;
  nonpublic?: boolean;
  strict?: boolean;
  json?: boolean;
  browser?: string;
  /** Seconds per browser step. */
  timeout?: number;
  handout?: string;
  /** Also print the PDFs (into the check's output folder) and check them. */
  pdf?: boolean;
  /** commander's --no-axe */
  axe?: boolean;
}

export interface CheckSummary {
  ok: boolean;
  errors: number;
  warnings: number;
  decks: { file: string; outputId: string; audience: string; slides: number; ms: number; skipped?: string }[];
  problems: CheckProblem[];
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RatsdeckError(`--timeout: expected a positive number of seconds, got "${v}"`, { exitCode: ExitCode.USAGE });
  }
  return n;
}

/** The browser as `build --pdf` finds it (--browser, browser: in ratsdeck.yaml, the search order). */
function browserOptions(flags: { browser?: string | undefined; timeout?: number | undefined }, ctx: CommandContext, anyDeck: string): BrowserManagerOptions {
  const timeoutMs = Math.max(1, Math.round((flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000));
  return {
    ...explicitBrowser(flags.browser, ctx.io.cwd, findProject(anyDeck).configFile),
    env: ctx.io.env,
    timeoutMs,
    // --timeout bounds the browser's start too (issue 9).
    launchTimeoutMs: timeoutMs,
  };
}

function rel(cwd: string, p: string): string {
  return p.startsWith(cwd.replace(/\/$/, '') + '/') ? p.slice(cwd.replace(/\/$/, '').length + 1) : p;
}

/** Prints problems once each (the same line from two audiences is one line for people). */
function printer(ctx: CommandContext) {
  const printed = new Set<string>();
  return (problems: Problem[]) => {
    for (const p of problems) {
      const line = formatProblem(p, ctx.io.cwd);
      if (printed.has(line)) continue;
      printed.add(line);
      ctx.out.problem(p);
    }
  };
}

function count(problems: Problem[]) {
  return { errors: problems.filter((p) => p.severity === 'error').length, warnings: problems.filter((p) => p.severity === 'warning').length };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Checks decks that were just built (their BuildResults): the shared core of `check` and
 * `build --check`. Uses one browser for all of them.
 */
export async function checkBuilt(
  mgr: BrowserManager,
  results: BuildResult[],
  ctx: CommandContext,
  opts: { noAxe?: boolean; archive?: string; print?: (p: Problem[]) => void; printBlocked?: Map<string, { url: string; output: string }[]> } = {},
): Promise<{ problems: CheckProblem[]; decks: CheckSummary['decks'] }> {
  const problems: CheckProblem[] = [];
  const decks: CheckSummary['decks'] = [];
  const print = opts.print ?? printer(ctx);
  for (const r of results) {
    if (!r.manifest || !r.rendered) continue;
    const loaded = loadDeck(r.file);
    if (!loaded.raw) continue;
    const started = performance.now();
    let result: CheckResult;
    result = await checkOutput(
      mgr,
      {
        raw: loaded.raw,
        extraData: loaded.extraData,
        locateExtra: loaded.locateExtra,
        output: r.manifest.path,
        outputId: r.outputId,
        audience: r.audience,
        slideTitles: r.rendered.slides.map((s) => s.title),
        ...(opts.archive ? { alsoSearch: [opts.archive] } : {}),
        ...(opts.printBlocked?.has(r.outputId) ? { printBlocked: opts.printBlocked.get(r.outputId)! } : {}),
      },
      opts.noAxe ? { noAxe: true } : {},
    );
    const ms = Math.round(performance.now() - started);
    const c = count(result.problems);
    print(result.problems);
    ctx.out.info(
      `checked ${r.outputId}: ${plural(result.slides, 'slide')}${result.pdfs.length ? `, ${plural(result.pdfs.length, 'PDF')}` : ''} — ` +
        `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')} (${(ms / 1000).toFixed(1)} s)`,
    );
    problems.push(...result.problems);
    decks.push({ file: r.file, outputId: r.outputId, audience: r.audience, slides: result.slides, ms });
  }
  return { problems, decks };
}

/** The exit code for a list of problems: 3 for any error, or for any warning under --strict. */
export function exitFor(problems: Problem[], strict: boolean): number {
  const c = count(problems);
  return c.errors || (strict && c.warnings) ? ExitCode.INVALID_DATA : ExitCode.OK;
}

export async function runCheck(paths: string[], flags: CheckFlags, ctx: CommandContext): Promise<CheckSummary> {
  const started = performance.now();
  const files = resolveDeckPaths(paths, ctx.io.cwd);
  checkCollisions(files);
  const handout = (flags.handout ?? '3') as HandoutLayout;
  if (!(HANDOUT_LAYOUTS as readonly string[]).includes(handout)) {
    throw new RatsdeckError(`--handout ${flags.handout}: expected one of ${HANDOUT_LAYOUTS.join(', ')}`, { exitCode: ExitCode.USAGE });
  }
  const outDir = flags.out ? (isAbsolute(flags.out) ? flags.out : resolve(ctx.io.cwd, flags.out)) : mkdtempSync(join(tmpdir(), 'ratsdeck-check-'));
  const audiences = flags.nonpublic ? (['public', 'nonpublic'] as const) : (['public'] as const);
  const problems: CheckProblem[] = [];
  const decks: CheckSummary['decks'] = [];
  const print = printer(ctx);
  try {
    await withBrowser(
      browserOptions(flags, ctx, files[0]!),
      async (mgr) => {
        for (const file of files) {
          for (const audience of audiences) {
            let built: BuildResult;
            try {
              built = await buildDeck(file, { audience, outDir, handout });
            } catch (err) {
              if (err instanceof RatsdeckError && err.exitCode === ExitCode.INVALID_DATA) {
                const data = err.problems.map((p): CheckProblem => ({ ...p, check: 'data', audience }));
                print(data);
                ctx.out.error(err.message, err.hint);
                problems.push(...data);
                if (!err.problems.some((p) => p.severity === 'error')) {
                  problems.push({ file, line: 1, col: 1, path: '', message: err.message, severity: 'error', check: 'data', audience });
                }
                break;
              }
              throw err;
            }
            const data = built.problems.map((p): CheckProblem => ({ ...p, check: 'data', audience }));
            print(data);
            problems.push(...data);
            if (built.skipped) {
              ctx.out.info(`skipped ${rel(ctx.io.cwd, file)} (${audience}): ${built.skipped}`);
              decks.push({ file, outputId: built.outputId, audience, slides: 0, ms: 0, skipped: built.skipped });
              continue;
            }
            const printBlocked = new Map<string, { url: string; output: string }[]>();
            if (flags.pdf) {
              const list: { url: string; output: string }[] = [];
              printBlocked.set(built.outputId, list);
              for (const task of pdfTasks(built, { slides: true, handout })) {
                ctx.out.info(`printing ${basename(task.file)}`);
                await runPdfTask(mgr, task, { env: ctx.io.env, onBlocked: (url) => list.push({ url, output: basename(task.file) }) });
              }
            }
            const res = await checkBuilt(mgr, [built], ctx, { print, printBlocked, ...(flags.axe === false ? { noAxe: true } : {}) });
            problems.push(...res.problems);
            decks.push(...res.decks);
          }
        }
      },
    );
  } finally {
    if (!flags.out) rmSync(outDir, { recursive: true, force: true });
  }
  const c = count(problems);
  const ok = exitFor(problems, !!flags.strict) === ExitCode.OK;
  const checked = decks.filter((d) => !d.skipped).length;
  ctx.out.info(
    `${ok ? 'ok' : 'failed'}: checked ${plural(checked, 'build')} of ${plural(files.length, 'deck')} — ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}` +
      `${flags.strict && c.warnings ? ' (--strict: warnings fail)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (flags.out ? ` → ${rel(ctx.io.cwd, outDir)}` : ''),
  );
  return { ok, ...c, decks, problems };
}

export function registerCheck(program: Command, ctx: CommandContext): void {
  program
    .command('check')
    .description('build each deck and check it in the browser: fit, text size, accessibility (WCAG 2.1 AA), leaks of non-public data, outside requests, PDFs')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('-o, --out <dir>', 'build into this folder and keep it (default: a temporary folder, removed afterwards)')
    .option('--nonpublic', 'also check the non-public build of each deck')
    .option('--strict', 'warnings fail too (exit 3)')
    .option('--json', 'print the problems as JSON on stdout')
    .option('--handout <layout>', `handout layout to check: ${HANDOUT_LAYOUTS.join(', ')}`, '3')
    .option('--pdf', 'also print the slides and handout PDFs and check them (tagged, language, title, bookmarks, text, pages)')
    .option('--no-axe', 'skip the axe-core accessibility rules (fit, leaks, requests and ratsdeck\'s own rules still run)')
    .option('--browser <path>', 'use this Chromium, Chrome or Edge')
    .option('--timeout <seconds>', `how long each browser step may take (default ${DEFAULT_TIMEOUT_S})`, parseSeconds)
    .addHelpText(
      'after',
      `
Text smaller than ${TEXT_WARNING_PX} px on the 1280×720 slide is a warning, smaller than ${TEXT_ERROR_PX} px an error.
Exit codes: 0 no errors (warnings allowed unless --strict), 3 problems found, 5 no browser, 6 browser failed.`,
    )
    .action(async (paths: string[], flags: CheckFlags) => {
      const summary = await runCheck(paths, flags, ctx);
      if (flags.json) ctx.out.data(JSON.stringify(summary, null, 2));
      ctx.setExit(exitFor(summary.problems, !!flags.strict));
    });
}

/** For `build --check`: the archive page next to the deck folders, searched for leaks too. */
export function archiveOf(results: BuildResult[]): string | undefined {
  const first = results.find((r) => r.manifest);
  return first ? join(dirname(first.manifest!.path), first.audience === 'nonpublic' ? 'index-nichtoeffentlich.html' : 'index.html') : undefined;
}

/**
 * `build --check`: the same checks on what the build just wrote (and the PDFs it printed),
 * with one browser. Sets exit 3 for errors, and for warnings with --strict.
 */
export async function checkAfterBuild(
  results: BuildResult[],
  flags: { strict?: boolean | undefined; browser?: string | undefined; timeout?: number | undefined },
  ctx: CommandContext,
): Promise<CheckProblem[]> {
  const built = results.filter((r) => r.manifest && !r.skipped);
  if (!built.length) return [];
  const started = performance.now();
  const archive = archiveOf(built);
  const { problems } = await withBrowser(browserOptions(flags, ctx, built[0]!.file), (mgr) =>
    checkBuilt(mgr, built, ctx, archive ? { archive } : {}),
  );
  const c = count(problems);
  ctx.out.info(
    `checked ${plural(built.length, 'deck')}: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}` +
      `${flags.strict && c.warnings ? ' (--strict: warnings fail)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  ctx.setExit(exitFor(problems, !!flags.strict));
  return problems;
}
