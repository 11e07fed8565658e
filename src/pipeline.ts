/**
 * The pipeline composed without argv: the programmatic API (`import { validate } from 'ratsdeck'`)
 * and the CLI both use these functions. They throw RatsdeckError; they never exit.
 */
import type { Problem } from './errors.js';
import type { ValidDeck } from './model/schema.js';
import { validateDeck } from './model/validate.js';
import { findProject, loadDeck, type Project } from './project/project.js';

export interface DeckResult {
  file: string;
  id: string;
  project: Project;
  deck?: ValidDeck;
  extraData: Record<string, unknown>;
  problems: Problem[];
}

/** Loads and validates one deck file. Problems (errors and warnings) are returned, not thrown. */
export function loadAndValidate(file: string, project: Project = findProject(file)): DeckResult {
  const loaded = loadDeck(file, project);
  const id = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/i, '');
  if (!loaded.raw) {
    return { file, id, project, extraData: loaded.extraData, problems: loaded.problems };
  }
  const result = validateDeck(loaded.raw);
  const problems = [...loaded.problems, ...result.problems];
  const hasError = problems.some((p) => p.severity === 'error');
  const out: DeckResult = { file: loaded.raw.file, id: loaded.raw.id, project, extraData: loaded.extraData, problems };
  if (result.deck && !hasError) out.deck = result.deck;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building

import { join } from 'node:path';
import { isNonpublicDeck, selectAudience, type Audience, type SelectionReport } from './audience/select.js';
import { writeDeckFolder, writeSingleFile, type OutputManifest } from './bundle/bundle.js';
import { ExitCode, InvalidDataError, RatsdeckError } from './errors.js';
import { renderDeck, type HandoutLayout, type RenderedDeck } from './render/render.js';

export const NONPUBLIC_SUFFIX = '-nichtoeffentlich';

export interface BuildOptions {
  /** Output folder (default: out/ in the project folder). */
  outDir?: string;
  audience?: Audience;
  singleFile?: boolean;
  /** The day the timeline marks as today (default: the session date). */
  today?: string;
  draft?: boolean;
  /** Also write handout.html in this layout (for the PDF handout). */
  handout?: HandoutLayout;
}

export interface BuildResult {
  file: string;
  id: string;
  /** The id with the audience suffix: the name of the output folder and files. */
  outputId: string;
  audience: Audience;
  problems: Problem[];
  skipped?: string;
  rendered?: RenderedDeck;
  manifest?: OutputManifest;
  selection?: SelectionReport;
  deck?: ValidDeck;
}

export function outputIdFor(id: string, audience: Audience): string {
  return audience === 'nonpublic' ? `${id}${NONPUBLIC_SUFFIX}` : id;
}

export function defaultOutDir(project: Project): string {
  return join(project.root, 'out');
}

/**
 * Loads, validates, selects the audience, renders and writes one deck. Invalid data throws
 * InvalidDataError (exit 3) with every problem; nothing is written then.
 */
export async function buildDeck(file: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const audience = opts.audience ?? 'public';
  const loaded = loadAndValidate(file);
  if (!loaded.deck) throw new InvalidDataError(loaded.problems, `${loaded.id}: invalid deck data, nothing written`);
  const outputId = outputIdFor(loaded.id, audience);
  const base: BuildResult = { file: loaded.file, id: loaded.id, outputId, audience, problems: loaded.problems };
  if (audience === 'public' && isNonpublicDeck(loaded.deck)) {
    return { ...base, skipped: 'the session is non-public (session.public: false); build it with --nonpublic' };
  }
  const { deck, report } = selectAudience(loaded.deck, audience);
  const rendered = await renderDeck(deck, {
    id: loaded.id,
    projectRoot: loaded.project.root,
    nonpublic: audience === 'nonpublic',
    extraData: loaded.extraData,
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.draft ? { draft: true } : {}),
    ...(opts.handout ? { handout: opts.handout } : {}),
  });
  const outDir = opts.outDir ?? defaultOutDir(loaded.project);
  let manifest: OutputManifest;
  try {
    manifest = opts.singleFile
      ? writeSingleFile(rendered, join(outDir, `${outputId}.html`))
      : writeDeckFolder(rendered, join(outDir, outputId));
  } catch (err) {
    if (err instanceof RatsdeckError) throw err;
    throw new RatsdeckError(`${loaded.id}: cannot write the output: ${(err as Error).message}`, {
      exitCode: ExitCode.INTERNAL,
      cause: err,
    });
  }
  return { ...base, rendered, manifest, selection: report, deck };
}
