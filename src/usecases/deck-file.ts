import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';
import { findProject } from '../project/project.js';

/** Accepts `2021-05-hfa`, `2021-05-hfa.yaml` or a path (against `cwd`, then the project); returns the deck file. */
export function deckFileArg(arg: string, cwd: string): string {
  const abs = resolve(cwd, arg);
  if (existsSync(abs)) return abs;
  if (existsSync(`${abs}.yaml`)) return `${abs}.yaml`;
  const project = findProject(cwd);
  const inProject = join(project.root, arg.endsWith('.yaml') ? arg : `${arg}.yaml`);
  if (existsSync(inProject)) return inProject;
  throw new RatsdeckError(`${arg}: no such deck file`, { exitCode: ExitCode.USAGE });
}
