/**
 * `buildProject`: the decks (src/build.ts buildBatch), their PDFs (print.ts) and the session
 * archive of each output folder, as `ratsdeck build` and `ratsdeck pdf` do it, without argv.
 * Invalid decks and PDFs that fail are collected, not thrown, so that the rest is built; the
 * caller decides what they mean (the CLI: exit 3 and 6).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBatch, writeArchiveFor, type OutputChange } from '../build.js';
import { capProblems, ExitCode, formatMore, InvalidDataError, RatsdeckError, uniqueProblems } from '../errors.js';
import { draftVariants, outputNamesFor } from '../model/outputs.js';
import { displayPath } from '../paths.js';
import type { BuildOptions, BuildResult } from '../pipeline.js';
import { readProjectConfig } from '../project/config.js';
import { findProject, resolveDeckPaths } from '../project/project.js';
import { isBuiltinTheme, unknownThemeHint } from '../project/theme.js';
import type { Lang } from '../render/i18n.js';
import type { HandoutLayout } from '../render/render.js';
import type { BrowserChoice } from './browser.js';
import { DEFAULT_HANDOUT } from '../render/layouts.js';
// Printing and PowerPoint load when a build asks for them: an HTML build needs neither the
// browser stage nor the zip writer (jszip and pako, 0.8 MB of code to compile).
import type { PrintSummary } from './print.js';
import type { WrittenPptx } from './pptx.js';
import { silentReporter, type Reporter } from './reporter.js';

export interface BuildProjectOptions extends Pick<BuildOptions, 'audience' | 'outDir' | 'singleFile' | 'draft' | 'today'> {
  /** Folder the paths are relative to (default: process.cwd()). */
  cwd?: string;
  /** Instead of each deck's theme: a built-in theme, or a .css file (relative to `cwd`). */
  theme?: string;
  /** The handout to render (and print): a layout, or false. Default: '3' with `pdf`, else none. */
  handout?: HandoutLayout | false;
  /** Also print the PDFs, with one browser. */
  pdf?: boolean | PdfSettings;
  /** Also write the PowerPoint file of each deck (no browser needed). */
  pptx?: boolean;
  /** Also one PNG per slide, with the same browser as the PDFs (its settings from `pdf`, or these). */
  png?: boolean | BrowserChoice;
  reporter?: Reporter;
}

export interface PdfSettings extends BrowserChoice {
  /** The slides PDF (default true). */
  slides?: boolean;
  /** PDFs printed at the same time (default 2). */
  jobs?: number;
}

export interface ProjectBuildResult {
  /** The decks built, in order. */
  built: BuildResult[];
  /** The decks not built for this audience (`skipped` says why, `skipReason` is its code). */
  skipped: BuildResult[];
  /** The decks whose data is invalid: nothing of theirs was written. */
  failed: { file: string; error: InvalidDataError }[];
  /** What happened to earlier outputs in the output folders (removed, rebuilt, left). */
  changes: OutputChange[];
  /** With `pdf` or `png`: what was printed and what failed. */
  pdfs?: PrintSummary;
  /** With `pptx`: the PowerPoint files written. */
  pptx?: WrittenPptx[];
  /** The session archive pages written (one per output folder). */
  archives: string[];
}

/** A theme override: a built-in theme, or an existing .css file (made absolute). A wrong one is a usage error. */
export function themeOverride(theme: string, cwd: string): string {
  if (isBuiltinTheme(theme)) return theme;
  if (/\.css$/i.test(theme) && existsSync(resolve(cwd, theme))) return resolve(cwd, theme);
  throw new RatsdeckError(`--theme ${theme}: no such theme`, { exitCode: ExitCode.USAGE, hint: unknownThemeHint(theme, '') });
}

export async function buildProject(paths: string[] = [], opts: BuildProjectOptions = {}): Promise<ProjectBuildResult> {
  const cwd = opts.cwd ?? process.cwd();
  const report = opts.reporter ?? silentReporter;
  const show = (p: string) => displayPath(p, cwd);
  const theme = opts.theme ? themeOverride(opts.theme, cwd) : undefined;
  const pdf = opts.pdf === true ? {} : opts.pdf || undefined;
  const png = opts.png === true ? {} : opts.png || undefined;
  if ((pdf || png || opts.pptx) && opts.singleFile) {
    const what = pdf ? 'PDFs' : png ? 'PNGs' : 'PowerPoint files';
    throw new RatsdeckError(`--single-file and ${what} do not go together`, {
      exitCode: ExitCode.USAGE,
      hint: `${what} are written into the deck folder; build the single file in a second run`,
    });
  }
  const handout = opts.handout ?? (pdf ? DEFAULT_HANDOUT : false);
  const files = resolveDeckPaths(paths, cwd);
  const audience = opts.audience ?? 'public';
  const printed = new Set<string>();
  const problems = (list: Parameters<typeof uniqueProblems>[0]) => {
    for (const item of capProblems(uniqueProblems(list, printed))) {
      if ('problem' in item) report.problem(item.problem);
      else report.info(formatMore(item.file, item.more, cwd));
    }
  };
  const batch = await buildBatch(
    files,
    {
      audience,
      ...(opts.outDir ? { outDir: resolve(cwd, opts.outDir) } : {}),
      ...(opts.singleFile ? { singleFile: true } : {}),
      ...(theme ? { theme } : {}),
      ...(opts.draft ? { draft: true } : {}),
      ...(opts.today ? { today: opts.today } : {}),
      ...(handout ? { handout } : {}),
    },
    {
      onDeck: (r, ms) => {
        problems(r.problems);
        if (r.skipped) {
          report.info(`skipped ${show(r.file)}: ${r.skipped}`);
          return;
        }
        if (r.frozen) report.info(`  ${r.id}: built from its snapshot ${show(r.frozen)} (frozen after the session)`);
        const removed = r.selection?.removed ?? [];
        if (removed.length) {
          // Name ids only, never content: stderr can end up in CI logs.
          const ids = removed.filter((x) => x.id).map((x) => x.id);
          report.info(`  ${r.id}: left out ${removed.length} non-public item${removed.length === 1 ? '' : 's'}${ids.length ? ` (${ids.join(', ')})` : ''}`);
        }
        const drafts = draftVariants(r.outputId).draft;
        for (const f of r.manifest!.removed) {
          const draftPdf = f === drafts.slidesPdf || f === drafts.handoutPdf;
          const why =
            draftPdf && !r.rendered!.draft
              ? 'a draft, and this build is not (print the final PDFs with ratsdeck pdf)'
              : !draftPdf && r.rendered!.draft
                ? 'printed from the deck before this draft build (print the draft PDFs with ratsdeck pdf --draft)'
                : 'printed from an earlier version of the deck (print it again with ratsdeck pdf)';
          report.info(`  removed ${show(join(r.manifest!.path, f))}: ${why}`);
        }
        report.info(`wrote ${show(r.manifest!.path)}${opts.singleFile ? '' : `/${outputNamesFor(r.outputId).deck}`} (${r.rendered!.slides.length} slides, ${ms} ms)`);
      },
      onFailed: (_file, err) => {
        problems(err.problems);
        report.error(err.message);
      },
    },
  );
  for (const c of batch.changes) {
    if (c.action === 'unchecked') report.warn(`${show(c.path)} was left as it is: ${c.why}`);
    else report.info(`${c.action} ${show(c.path)}: ${c.why}`);
  }
  const built = batch.results.filter((r) => !r.skipped);
  const failed = batch.failed.length;
  report.info(
    `built ${built.length} of ${files.length} deck${files.length === 1 ? '' : 's'}${failed ? `, ${failed} failed` : ''}` +
      (built.length ? ` → ${show(built[0]!.outDir!)}` : ''),
  );
  const result: ProjectBuildResult = { built, skipped: batch.results.filter((r) => r.skipped), failed: batch.failed, changes: batch.changes, archives: [] };
  let printFailure: unknown;
  if ((pdf || png) && built.length) {
    // One browser for the PDFs and the PNGs of the whole batch.
    try {
      const { printPdfs } = await import('./print.js');
      result.pdfs = await printPdfs(built, {
        ...png,
        ...pdf,
        ...(pdf ? { handout } : { slides: false, handout: false }),
        png: !!png,
        cwd,
        reporter: report,
        config: readProjectConfig(findProject(built[0]!.file)),
      });
    } catch (err) {
      printFailure = err;
    }
  }
  // The PowerPoint files need no browser: written also when printing failed.
  if (opts.pptx && built.length) {
    const { writePptx } = await import('./pptx.js');
    result.pptx = await writePptx(built, { cwd, reporter: report });
  }
  // Last, so the archive links the PDFs just printed; also when every deck was removed from it,
  // and when printing failed: the decks are new by then, and their older PDFs gone (issue 11,
  // finding 8), so the earlier archive page would link PDFs that are no more.
  const outDirs = new Map<string, BuildResult>();
  for (const r of batch.results) if (r.outDir && !outDirs.has(r.outDir)) outDirs.set(r.outDir, r);
  try {
    for (const [outDir, first] of outDirs) {
      const deck = built.find((r) => r.outDir === outDir)?.deck ?? first.deck;
      const archive = writeArchiveFor(outDir, findProject(first.file).root, audience, {
        lang: (deck?.lang ?? 'de') as Lang,
        ...(deck?.body?.name ? { city: deck.body.name } : {}),
        ...(deck?.body?.color ? { colour: deck.body.color } : {}),
      });
      result.archives.push(archive);
      report.info(`wrote ${show(archive)} (session archive)`);
    }
  } catch (err) {
    if (printFailure === undefined) throw err;
    // The print's failure is the one to act on first; this one is said, not lost.
    report.error(err instanceof Error ? err.message : String(err));
  }
  if (printFailure !== undefined) throw printFailure;
  return result;
}
