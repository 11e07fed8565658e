/**
 * The project's own settings in ratsdeck.yaml that are not deck data: read and checked once
 * per command (issue 10: `browser:` was read from the raw YAML in three command files, the
 * committee ids in a fourth). The deck data in ratsdeck.yaml (body, committees, lang, theme)
 * goes through the cascade with its positions (cascade.ts) as before.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { loadYamlFile } from '../data/yaml.js';
import type { Problem } from '../errors.js';
import type { Project } from './discovery.js';

export interface ProjectConfig {
  project: Project;
  /** Absolute path of ratsdeck.yaml, or undefined for a lone deck file. */
  file?: string;
  /** `browser:`: a path (resolved against ratsdeck.yaml's folder) or a program name. */
  browser?: { path: string; from: string };
  /** The ids of `committees:`. */
  committees: string[];
  /** Problems reading ratsdeck.yaml (its deck data is checked again with every deck). */
  problems: Problem[];
}

/**
 * A browser path written somewhere: relative paths resolve against `base` (config paths
 * against their file's folder, flags against the working folder); a bare name stays a name
 * for the search on PATH.
 */
export function browserPath(p: string, base: string): string {
  return /[\\/]/.test(p) && !isAbsolute(p) ? resolve(base, p) : p;
}

export function readProjectConfig(project: Project): ProjectConfig {
  if (!project.configFile) return { project, committees: [], problems: [] };
  const cfg = loadYamlFile(project.configFile);
  const config: ProjectConfig = { project, file: project.configFile, committees: [], problems: cfg.problems };
  const v = cfg.value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return config;
  const { browser, committees } = v as { browser?: unknown; committees?: unknown };
  if (typeof browser === 'string' && browser.trim() !== '') {
    config.browser = { path: browserPath(browser.trim(), dirname(project.configFile)), from: `browser: in ${project.configFile}` };
  }
  if (Array.isArray(committees)) {
    config.committees = committees.map((c) => (c as { id?: unknown } | null)?.id).filter((x): x is string => typeof x === 'string');
  }
  return config;
}
