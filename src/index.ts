/**
 * The programmatic API: the same use cases as the CLI, without argv or exit codes. Functions
 * throw RatsdeckError (with `exitCode` and `problems`); they never exit. What they do is told
 * through an optional `reporter` (the CLI passes its stderr), never printed.
 *
 *   import { validate, buildProject, checkDecks, newDeck, freezeDeck } from 'ratsdeck';
 *   const { valid, problems } = validate(['decks']);
 *   const { built, failed } = await buildProject(['decks'], { pdf: true });
 *   const { ok } = await checkDecks(['decks']);
 *   newDeck({ target: 'decks/2021-09-hfa.yaml', from: '2021-05-hfa', date: '2021-09-23', cwd: 'decks' });
 *   freezeDeck({ deck: 'decks/2021-05-hfa.yaml' });
 */
import { withBrowser, type BrowserManagerOptions } from './browser/index.js';
import { buildBatch } from './build.js';
import { InvalidDataError, type Problem } from './errors.js';
import { printDeck } from './pdf.js';
import { loadAndValidate, type BuildOptions, type BuildResult, type DeckResult } from './pipeline.js';
import type { PrintResult } from './print/index.js';
import { resolveDeckPaths } from './project/project.js';
import type { HandoutLayout } from './render/render.js';

export { buildBatch, checkCollisions, writeArchiveFor, type BatchResult, type OutputChange } from './build.js';
export { ExitCode, InvalidDataError, OutputError, RatsdeckError, formatProblem, type Problem, type SourcePos } from './errors.js';
export { TimeoutError } from './browser/index.js';
export { buildDeck, loadAndValidate, type BuildOptions, type BuildResult, type DeckResult } from './pipeline.js';
export { findProject, listDecks, resolveDeckPaths, type Project } from './project/project.js';
export { selectAudience, type Audience } from './audience/index.js';
export { jsonSchema } from './model/jsonschema.js';
export type { Activity, Deck, Slide, ValidDeck } from './model/schema.js';
export { HANDOUT_LAYOUTS, type HandoutLayout, type RenderedDeck } from './render/render.js';
export { BrowserManager, withBrowser } from './browser/index.js';
export { printDeck } from './pdf.js';
export type { BuildSkipReason } from './pipeline.js';
export { buildProject, type BuildProjectOptions, type PdfSettings, type ProjectBuildResult } from './usecases/build.js';
export { printPdfs, type PrintOptions, type PrintSummary } from './usecases/print.js';
export { checkBuiltDecks, checkDecks, type CheckDecksOptions, type CheckSummary, type CheckedDeck } from './usecases/check.js';
export { newDeck, type NewDeckOptions, type NewDeckResult } from './usecases/new.js';
export { freezeDeck, type FreezeDeckOptions, type FreezeDeckResult, type FrozenSource } from './usecases/freeze.js';
export type { NewPaper } from './usecases/paper.js';
export { writeTemplate, type WriteTemplateOptions, type WriteTemplateResult } from './usecases/template.js';
export { newDeckFromOparl, type NewDeckFromOparlOptions, type NewDeckFromOparlResult } from './usecases/new-oparl.js';
export { importCommittees, type ImportCommitteesOptions, type ImportCommitteesResult } from './usecases/import-committees.js';
export { recordSessionResult, type RecordSessionResultOptions, type RecordSessionResultResult } from './usecases/oparl-result.js';
export { freezeSession, type FreezeSessionOptions } from './usecases/freeze-session.js';
export type { OparlSettings } from './usecases/oparl.js';
export { OparlError, type OparlFailure } from './oparl/index.js';
export { silentReporter, type Reporter } from './usecases/reporter.js';
export type { BrowserChoice } from './usecases/browser.js';
export { readProjectConfig, type ProjectConfig } from './project/config.js';
export { outputNamesFor, type OutputNames } from './model/outputs.js';
export { uniqueProblems } from './errors.js';
export { displayPath } from './paths.js';

/** Validates deck files or project folders (default: the project in `cwd`). */
export function validate(paths: string[] = [], opts: { cwd?: string } = {}): { valid: boolean; decks: DeckResult[]; problems: Problem[] } {
  const decks = resolveDeckPaths(paths, opts.cwd).map((f) => loadAndValidate(f));
  const problems = decks.flatMap((d) => d.problems);
  return { valid: !problems.some((p) => p.severity === 'error'), decks, problems };
}

/**
 * Builds every deck (default: the project in `cwd`). A deck with invalid data throws
 * InvalidDataError after the others were built; the results of those are on `error.results`.
 */
export async function build(paths: string[] = [], opts: BuildOptions & { cwd?: string } = {}): Promise<BuildResult[]> {
  const { cwd, ...buildOpts } = opts;
  const { results, failed } = await buildBatch(resolveDeckPaths(paths, cwd), buildOpts);
  if (failed.length) {
    const err = new InvalidDataError(failed.flatMap((f) => f.error.problems), 'invalid deck data') as InvalidDataError & { results: BuildResult[] };
    err.results = results;
    throw err;
  }
  return results;
}

/**
 * Prints the slides and handout PDFs of built decks with one browser (launched here, always
 * closed). Build them with a handout layout (`build(…, { handout: '3' })`) to get a handout.
 */
export async function pdf(
  results: BuildResult[],
  opts: BrowserManagerOptions & { slides?: boolean; handout?: HandoutLayout | false } = {},
): Promise<PrintResult[]> {
  const { slides, handout, ...browser } = opts;
  return withBrowser(browser, async (mgr) => {
    const out: PrintResult[] = [];
    for (const r of results) {
      if (!r.rendered) continue;
      out.push(
        ...(await printDeck(mgr, r, {
          ...(slides !== undefined ? { slides } : {}),
          handout: handout ?? r.rendered.handoutLayout ?? false,
        })),
      );
    }
    return out;
  });
}
