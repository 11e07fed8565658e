/**
 * Printing built decks: one browser for all of them (launched only when the first PDF needs
 * it, always closed), a few pages printing in parallel (`jobs`), a line per PDF and a summary.
 * A PDF that fails (timeout, crash) is reported and collected, and the others still print;
 * no browser (exit 5) stops everything.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { withBrowser } from '../browser/index.js';
import { ExitCode, RatsdeckError } from '../errors.js';
import { displayPath } from '../paths.js';
import { pdfTasks, runPdfTask, type PdfTask } from '../pdf.js';
import type { BuildResult } from '../pipeline.js';
import type { PrintResult } from '../print/index.js';
import { readProjectConfig, type ProjectConfig } from '../project/config.js';
import { findProject } from '../project/project.js';
import type { HandoutLayout } from '../render/render.js';
import { browserOptions, DEFAULT_TIMEOUT_MS, type BrowserChoice } from './browser.js';
import { silentReporter, type Reporter } from './reporter.js';

export { DEFAULT_HANDOUT, DEFAULT_JOBS } from '../render/layouts.js';
import { DEFAULT_JOBS } from '../render/layouts.js';

export interface PrintOptions extends BrowserChoice {
  /** The slides PDF (default true). */
  slides?: boolean;
  /** The handout PDF in the layout the decks were built with, or false (default: none). */
  handout?: HandoutLayout | false;
  /** Also one PNG per slide, in out/<deck>/png/ (default false). */
  png?: boolean;
  /** PDFs printed at the same time with the one browser (default 2). */
  jobs?: number;
  cwd?: string;
  reporter?: Reporter;
  /** ratsdeck.yaml's settings (`browser:`), when the caller read them already. */
  config?: ProjectConfig;
}

export interface PrintSummary {
  printed: PrintResult[];
  /** The PDFs that did not print (exit 6); an earlier version of each stays as it was. */
  failed: { file: string; error: RatsdeckError }[];
  pages: number;
  /** Slide PNGs written. */
  pngs: number;
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

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Prints the slides and handout PDFs of built decks into their deck folders. */
export async function printPdfs(results: readonly BuildResult[], opts: PrintOptions = {}): Promise<PrintSummary> {
  const report = opts.reporter ?? silentReporter;
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const summary: PrintSummary = { printed: [], failed: [], pages: 0, pngs: 0 };
  const tasks: PdfTask[] = results.flatMap((r) => pdfTasks(r, { slides: opts.slides !== false, handout: opts.handout ?? false, png: opts.png ?? false }));
  if (!tasks.length) {
    if (results.length) report.info('nothing to print (--no-slides and --no-handout)');
    return summary;
  }
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const config = opts.config ?? readProjectConfig(findProject(results[0]!.file));
  const started = performance.now();
  const blocked = new Map<string, Set<string>>();
  let launchMs: number | undefined;
  let pdfsPrinted = 0;

  await withBrowser(browserOptions({ ...opts, timeoutMs, env }, cwd, config, report), async (mgr) => {
    const work = async (task: PdfTask): Promise<void> => {
      const seen = blocked.get(task.result.outputId) ?? new Set<string>();
      blocked.set(task.result.outputId, seen);
      try {
        const r = await runPdfTask(mgr, task, {
          timeoutMs,
          env,
          onBlocked: (url) => {
            if (seen.has(url)) return;
            seen.add(url);
            report.warn(`${task.result.id}: blocked a request to ${url} (decks load only their own files)`);
          },
        });
        summary.printed.push(r);
        for (const w of r.warnings) report.warn(w);
        for (const p of r.problems) report.problem(p);
        if (task.kind === 'png') {
          summary.pngs += r.pages;
          report.info(`wrote ${displayPath(r.file, cwd)}/ (${r.pages} PNG${r.pages === 1 ? '' : 's'}, one per slide, ${seconds(r.ms)})`);
          return;
        }
        summary.pages += r.pages;
        pdfsPrinted++;
        report.info(`printed ${displayPath(r.file, cwd)} (${r.pages} page${r.pages === 1 ? '' : 's'}, ${seconds(r.ms)})`);
      } catch (err) {
        if (!(err instanceof RatsdeckError) || err.exitCode !== ExitCode.PRINT) throw err;
        summary.failed.push({ file: task.file, error: err });
        const kept = existsSync(task.file) ? ` (the earlier ${basename(task.file)} is unchanged)` : '';
        report.error(`${err.message}${kept}`, err.hint);
      } finally {
        launchMs ??= mgr.launchMs;
      }
    };
    // The PDFs first, side by side; then the slide pictures, one deck at a time with no other
    // page open: a capture beside a printing page hung under load (seen in CI).
    await pool(tasks.filter((t) => t.kind !== 'png'), opts.jobs ?? DEFAULT_JOBS, work);
    await pool(tasks.filter((t) => t.kind === 'png'), 1, work);
  });

  const decks = new Set(tasks.map((t) => t.result.outputId)).size;
  const pdfCount = tasks.filter((t) => t.kind !== 'png').length;
  const printed = pdfsPrinted;
  const failed = summary.failed.length;
  const what = [
    pdfCount ? `${failed ? `${printed} of ${pdfCount}` : printed} PDF${pdfCount === 1 ? '' : 's'} (${summary.pages} pages)` : '',
    summary.pngs ? `${summary.pngs} PNGs` : '',
  ].filter(Boolean).join(' and ');
  report.info(
    `printed ${what || 'nothing'} of ${decks} deck${decks === 1 ? '' : 's'} in ${seconds(performance.now() - started)}` +
      (launchMs !== undefined ? `, browser start ${seconds(launchMs)}` : '') +
      (failed ? `, ${failed} failed` : ''),
  );
  return summary;
}
