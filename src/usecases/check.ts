/**
 * `checkDecks`: builds each deck (into a temporary folder unless `outDir`), opens it in one
 * shared browser and reports what would embarrass the presenter: content that does not fit,
 * text too small, accessibility problems, non-public text in a public output, requests to
 * other hosts, incomplete PDFs; each problem at its place in the YAML. `checkBuiltDecks` runs
 * the same checks on decks just built (`build --check`). The decks are loaded once: the checks
 * use the source positions the build loaded (BuildResult.source).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { withBrowser, type BrowserManager } from '../browser/index.js';
import { checkCollisions } from '../build.js';
import type { CheckProblem } from '../check/locate.js';
import { checkOutput } from '../check/run.js';
import { ExitCode, RatsdeckError, uniqueProblems, type Problem } from '../errors.js';
import { archiveName } from '../model/outputs.js';
import { displayPath } from '../paths.js';
import { pdfTasks, runPdfTask } from '../pdf.js';
import { buildDeck, type BuildResult } from '../pipeline.js';
import { readProjectConfig } from '../project/config.js';
import { findProject, resolveDeckPaths } from '../project/project.js';
import type { HandoutLayout } from '../render/render.js';
import { browserOptions, type BrowserChoice } from './browser.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface CheckDecksOptions extends BrowserChoice {
  cwd?: string;
  /** Build into this folder and keep it (default: a temporary folder, removed afterwards). */
  outDir?: string;
  /** Also check the non-public build of each deck. */
  nonpublic?: boolean;
  /** Warnings fail too (`ok` is false). */
  strict?: boolean;
  /** The handout layout to check (default '3'). */
  handout?: HandoutLayout;
  /** Also print the slides and handout PDFs and check them. */
  pdf?: boolean;
  /** false: skip the axe-core rules. */
  axe?: boolean;
  reporter?: Reporter;
}

export interface CheckedDeck {
  file: string;
  outputId: string;
  audience: string;
  slides: number;
  ms: number;
  skipped?: string;
}

export interface CheckSummary {
  ok: boolean;
  errors: number;
  warnings: number;
  decks: CheckedDeck[];
  problems: CheckProblem[];
}

function count(problems: Problem[]) {
  return { errors: problems.filter((p) => p.severity === 'error').length, warnings: problems.filter((p) => p.severity === 'warning').length };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Whether problems fail a check: any error, or under `strict` any warning. */
export function checkFails(problems: Problem[], strict: boolean): boolean {
  const c = count(problems);
  return c.errors > 0 || (strict && c.warnings > 0);
}

/** Reports problems once each (the same line from two audiences is one line for people). */
function once(report: Reporter): (problems: Problem[]) => void {
  const seen = new Set<string>();
  return (problems) => {
    for (const p of uniqueProblems(problems, seen)) report.problem(p);
  };
}

interface BuiltOptions {
  noAxe?: boolean;
  archive?: string;
  print?: (p: Problem[]) => void;
  printBlocked?: Map<string, { url: string; output: string }[]>;
  reporter: Reporter;
}

/** The checks of decks just built, with one browser: the core of checkDecks and checkBuiltDecks. */
async function checkEach(mgr: BrowserManager, results: BuildResult[], opts: BuiltOptions): Promise<{ problems: CheckProblem[]; decks: CheckedDeck[] }> {
  const problems: CheckProblem[] = [];
  const decks: CheckedDeck[] = [];
  const print = opts.print ?? once(opts.reporter);
  for (const r of results) {
    if (!r.manifest || !r.rendered || !r.source) continue;
    const started = performance.now();
    const result = await checkOutput(
      mgr,
      {
        raw: r.source.raw,
        extraData: r.source.extraData,
        locateExtra: r.source.locateExtra,
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
    opts.reporter.info(
      `checked ${r.outputId}: ${plural(result.slides, 'slide')}${result.pdfs.length ? `, ${plural(result.pdfs.length, 'PDF')}` : ''} — ` +
        `${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')} (${(ms / 1000).toFixed(1)} s)`,
    );
    problems.push(...result.problems);
    decks.push({ file: r.file, outputId: r.outputId, audience: r.audience, slides: result.slides, ms });
  }
  return { problems, decks };
}

export async function checkDecks(paths: string[] = [], opts: CheckDecksOptions = {}): Promise<CheckSummary> {
  const started = performance.now();
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const files = resolveDeckPaths(paths, cwd);
  checkCollisions(files);
  const handout = opts.handout ?? '3';
  const outDir = opts.outDir ? resolve(cwd, opts.outDir) : mkdtempSync(join(tmpdir(), 'ratsdeck-check-'));
  const audiences = opts.nonpublic ? (['public', 'nonpublic'] as const) : (['public'] as const);
  const problems: CheckProblem[] = [];
  const decks: CheckedDeck[] = [];
  const print = once(report);
  const env = opts.env ?? process.env;
  try {
    await withBrowser(browserOptions(opts, cwd, readProjectConfig(findProject(files[0]!))), async (mgr) => {
      for (const file of files) {
        for (const audience of audiences) {
          let built: BuildResult;
          try {
            built = await buildDeck(file, { audience, outDir, handout });
          } catch (err) {
            if (err instanceof RatsdeckError && err.exitCode === ExitCode.INVALID_DATA) {
              const data = err.problems.map((p): CheckProblem => ({ ...p, check: 'data', audience }));
              print(data);
              report.error(err.message, err.hint);
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
            report.info(`skipped ${displayPath(file, cwd)} (${audience}): ${built.skipped}`);
            decks.push({ file, outputId: built.outputId, audience, slides: 0, ms: 0, skipped: built.skipped });
            continue;
          }
          const printBlocked = new Map<string, { url: string; output: string }[]>();
          if (opts.pdf) {
            const list: { url: string; output: string }[] = [];
            printBlocked.set(built.outputId, list);
            for (const task of pdfTasks(built, { slides: true, handout })) {
              report.info(`printing ${basename(task.file)}`);
              await runPdfTask(mgr, task, { env, onBlocked: (url) => list.push({ url, output: basename(task.file) }) });
            }
          }
          const res = await checkEach(mgr, [built], { print, printBlocked, reporter: report, ...(opts.axe === false ? { noAxe: true } : {}) });
          problems.push(...res.problems);
          decks.push(...res.decks);
        }
      }
    });
  } finally {
    if (!opts.outDir) rmSync(outDir, { recursive: true, force: true });
  }
  const c = count(problems);
  const ok = !checkFails(problems, !!opts.strict);
  const checked = decks.filter((d) => !d.skipped).length;
  report.info(
    `${ok ? 'ok' : 'failed'}: checked ${plural(checked, 'build')} of ${plural(files.length, 'deck')} — ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}` +
      `${opts.strict && c.warnings ? ' (--strict: warnings fail)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (opts.outDir ? ` → ${displayPath(outDir, cwd)}` : ''),
  );
  return { ok, ...c, decks, problems };
}

/** The archive page next to the deck folders, searched for leaks too. */
function archiveOf(results: BuildResult[]): string | undefined {
  const first = results.find((r) => r.manifest);
  return first ? join(dirname(first.manifest!.path), archiveName(first.audience)) : undefined;
}

/**
 * `build --check`: the same checks on what a build just wrote (and the PDFs it printed), with
 * one browser.
 */
export async function checkBuiltDecks(
  results: BuildResult[],
  opts: BrowserChoice & { strict?: boolean; cwd?: string; reporter?: Reporter } = {},
): Promise<CheckSummary> {
  const report = opts.reporter ?? silentReporter;
  const built = results.filter((r) => r.manifest && !r.skipped);
  if (!built.length) return { ok: true, errors: 0, warnings: 0, decks: [], problems: [] };
  const started = performance.now();
  const archive = archiveOf(built);
  const config = readProjectConfig(findProject(built[0]!.file));
  const { problems, decks } = await withBrowser(browserOptions(opts, opts.cwd ?? process.cwd(), config), (mgr) =>
    checkEach(mgr, built, { reporter: report, ...(archive ? { archive } : {}) }),
  );
  const c = count(problems);
  report.info(
    `checked ${plural(built.length, 'deck')}: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}` +
      `${opts.strict && c.warnings ? ' (--strict: warnings fail)' : ''} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { ok: !checkFails(problems, !!opts.strict), ...c, decks, problems };
}
