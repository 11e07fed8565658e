/**
 * Printing built decks from the command line: one browser for the whole command (launched only
 * when the first PDF needs it, always closed), a few pages printing in parallel (--jobs), a line
 * per PDF on stderr and a summary at the end. Shared by `build --pdf` and `pdf`.
 */
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { withBrowser } from '../browser/index.js';
import { loadYamlFile } from '../data/yaml.js';
import { ExitCode, RatsdeckError } from '../errors.js';
import { pdfTasks, runPdfTask, type PdfTask } from '../pdf.js';
import type { BuildResult } from '../pipeline.js';
import { findProject } from '../project/project.js';
import { HANDOUT_LAYOUTS, type HandoutLayout } from '../render/render.js';
import type { CommandContext } from './context.js';

export const DEFAULT_TIMEOUT_S = 60;
export const DEFAULT_JOBS = 2;
export const DEFAULT_HANDOUT: HandoutLayout = '3';

export interface PrintFlags {
  /** A layout, or false for --no-handout; undefined: the default layout. */
  handout?: string | false;
  /** false for --no-slides. */
  slides?: boolean;
  draft?: boolean;
  browser?: string;
  /** Seconds. */
  timeout?: number;
  jobs?: number;
}

/** The options `build --pdf` and `pdf` share. */
export function addPrintOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--handout <layout>', `handout layout: ${HANDOUT_LAYOUTS.join(', ')} (slides per A4 page; notes: one slide with its notes)`).argParser(
        parseLayout,
      ),
    )
    .option('--no-handout', 'no handout PDF')
    .option('--no-slides', 'no slides PDF')
    .option('--draft', 'mark every slide and handout page ENTWURF')
    .option('--browser <path>', 'print with this Chromium, Chrome or Edge')
    .addOption(
      new Option('--timeout <seconds>', 'how long starting the browser, and each step (load, print), may take').argParser(parseSeconds).default(DEFAULT_TIMEOUT_S),
    )
    .addOption(new Option('--jobs <n>', 'PDFs printed at the same time (one shared browser)').argParser(parseJobs).default(DEFAULT_JOBS));
}

function parseLayout(v: string): HandoutLayout {
  if ((HANDOUT_LAYOUTS as readonly string[]).includes(v)) return v as HandoutLayout;
  throw new RatsdeckError(`--handout: unknown layout "${v}"`, { exitCode: ExitCode.USAGE, hint: `use one of ${HANDOUT_LAYOUTS.join(', ')}` });
}

function parseSeconds(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RatsdeckError(`--timeout: expected a positive number of seconds, got "${v}"`, { exitCode: ExitCode.USAGE });
  }
  return n;
}

function parseJobs(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 16) {
    throw new RatsdeckError(`--jobs: expected a whole number from 1 to 16, got "${v}"`, { exitCode: ExitCode.USAGE });
  }
  return n;
}

/** The handout layout to render, or false. */
export function handoutLayout(flags: PrintFlags): HandoutLayout | false {
  if (flags.handout === false) return false;
  return flags.handout === undefined ? DEFAULT_HANDOUT : parseLayout(flags.handout);
}

function rel(cwd: string, p: string): string {
  const r = relative(cwd, p);
  return r && !r.startsWith('..') ? r : p;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The browser named on the command line (relative to the working directory) or by `browser:` in
 * ratsdeck.yaml (relative to that file), the same way `ratsdeck doctor` reads them.
 */
export function explicitBrowser(flag: string | undefined, cwd: string, configFile: string | undefined): { browser?: string; browserFrom?: string } {
  const resolvePath = (p: string, base: string) => (/[\\/]/.test(p) && !isAbsolute(p) ? resolve(base, p) : p);
  if (flag) return { browser: resolvePath(flag, cwd), browserFrom: '--browser' };
  if (configFile) {
    const cfg = loadYamlFile(configFile);
    const v = cfg.value as { browser?: unknown } | undefined;
    if (v && typeof v === 'object' && typeof v.browser === 'string' && v.browser.trim() !== '') {
      return { browser: resolvePath(v.browser.trim(), dirname(configFile)), browserFrom: `browser: in ${configFile}` };
    }
  }
  return {};
}

/** Runs `fn` over `items` with at most `n` at a time; the first error it rethrows stops the rest. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let fatal: { err: unknown } | undefined;
  const worker = async () => {
    while (!fatal && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        fatal ??= { err };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  if (fatal) throw fatal.err;
}

/**
 * Prints the PDFs of the built decks with one browser. A PDF that fails (timeout, crash) is
 * reported and sets exit 6; the others still print. No browser (exit 5) stops everything.
 */
export async function printAll(results: readonly BuildResult[], flags: PrintFlags, ctx: CommandContext): Promise<void> {
  const handout = handoutLayout(flags);
  const tasks: PdfTask[] = results.flatMap((r) => pdfTasks(r, { slides: flags.slides !== false, handout }));
  if (!tasks.length) {
    if (results.length) ctx.out.info('nothing to print (--no-slides and --no-handout)');
    return;
  }
  const cwd = ctx.io.cwd;
  const timeoutMs = Math.max(1, Math.round((flags.timeout ?? DEFAULT_TIMEOUT_S) * 1000));
  const configFile = findProject(results[0]!.file).configFile;
  const started = performance.now();
  const blocked = new Map<string, Set<string>>();
  let printed = 0;
  let failed = 0;
  let pages = 0;
  let launchMs: number | undefined;

  await withBrowser(
    {
      ...explicitBrowser(flags.browser, cwd, configFile),
      env: ctx.io.env,
      timeoutMs,
      // The start too: a hung browser ends with exit 5 after --timeout, not after a minute (issue 9).
      launchTimeoutMs: timeoutMs,
      onLeftovers: (found) => {
        for (const l of found) {
          const killed = l.killed.length ? ` and ended ${l.killed.length} browser process${l.killed.length === 1 ? '' : 'es'} still running from it` : '';
          ctx.out.info(`removed the browser profile ${l.dir} left by an earlier ratsdeck run (pid ${l.owner.pid}) that did not finish${killed}`);
        }
      },
    },
    async (mgr) => {
      await pool(tasks, flags.jobs ?? DEFAULT_JOBS, async (task) => {
        const seen = blocked.get(task.result.outputId) ?? new Set<string>();
        blocked.set(task.result.outputId, seen);
        try {
          const r = await runPdfTask(mgr, task, {
            timeoutMs,
            env: ctx.io.env,
            onBlocked: (url) => {
              if (seen.has(url)) return;
              seen.add(url);
              ctx.out.warn(`${task.result.id}: blocked a request to ${url} (decks load only their own files)`);
            },
          });
          printed++;
          pages += r.pages;
          for (const w of r.warnings) ctx.out.warn(w);
          ctx.out.info(`printed ${rel(cwd, r.file)} (${r.pages} page${r.pages === 1 ? '' : 's'}, ${seconds(r.ms)})`);
        } catch (err) {
          if (!(err instanceof RatsdeckError) || err.exitCode !== ExitCode.PRINT) throw err;
          failed++;
          const kept = existsSync(task.file) ? ` (the earlier ${basename(task.file)} is unchanged)` : '';
          ctx.out.error(`${err.message}${kept}`, err.hint);
          ctx.setExit(ExitCode.PRINT);
        } finally {
          launchMs ??= mgr.launchMs;
        }
      });
    },
  );

  const decks = new Set(tasks.map((t) => t.result.outputId)).size;
  ctx.out.info(
    `printed ${failed ? `${printed} of ${tasks.length}` : printed} PDF${tasks.length === 1 ? '' : 's'} (${pages} pages) of ${decks} deck${decks === 1 ? '' : 's'} in ${seconds(performance.now() - started)}` +
      (launchMs !== undefined ? `, browser start ${seconds(launchMs)}` : '') +
      (failed ? `, ${failed} failed` : ''),
  );
}
