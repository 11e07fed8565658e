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
