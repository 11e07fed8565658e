/**
 * `theme:`: a built-in theme or a .css file of the project. The one place a theme name is
 * judged, for the cascade (checkTheme) and for an override (--theme, `theme` of buildProject).
 */
import { realpathSync, statSync } from 'node:fs';
import { checkStylesheet } from '../bundle/css.js';
import { svgFileProblem } from '../bundle/svg.js';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Problem } from '../errors.js';
import { didYouMean, type RawDeck } from '../model/raw.js';
import { BUILTIN_THEMES } from '../model/schema.js';
import { displayPath } from '../paths.js';
import type { Project } from './discovery.js';

/** True for the names of the themes that ship with ratsdeck. */
export function isBuiltinTheme(theme: string): boolean {
  return (BUILTIN_THEMES as readonly string[]).includes(theme);
}

/** What to say about a theme name that is neither built in nor a .css file. */
export function unknownThemeHint(theme: string, css: string): string {
  const guess = didYouMean(theme, BUILTIN_THEMES);
  return `${guess ? `did you mean "${guess}"? ` : ''}use ${BUILTIN_THEMES.join(', ')}, or the path of a .css file${css}`;
}

/**
 * `theme:` is a built-in theme or a .css file of the project, relative to the file that names
 * it. The path is rewritten to one relative to the project root, like image paths.
 */
export function checkTheme(raw: RawDeck, project: Project): Problem[] {
  const value = raw.value as Record<string, unknown>;
  const theme = value.theme;
  if (typeof theme !== 'string') return [];
  const at = raw.locate(['theme']);
  const mk = (message: string, hint?: string): Problem[] => [{ ...at, path: 'theme', message, severity: 'error', ...(hint ? { hint } : {}) }];
  if (isBuiltinTheme(theme)) return [];
  if (extname(theme).toLowerCase() !== '.css') return mk(`unknown theme "${theme}"`, unknownThemeHint(theme, ' in the project'));
  if (isAbsolute(theme)) return mk(`theme "${theme}" is an absolute path`, 'give the path relative to this file, inside the project');
  const base = at.file.startsWith('<') ? project.root : dirname(at.file);
  const abs = resolve(base, theme);
  let real: string;
  let rootReal: string;
  try {
    rootReal = realpathSync(project.root);
    real = realpathSync(abs);
  } catch {
    return mk(`theme file "${theme}" not found`, `looked for ${displayPath(abs, project.root)}`);
  }
  if (real !== rootReal && !real.startsWith(rootReal + sep)) return mk(`theme "${theme}" is outside the project folder`, 'copy it into the project');
  if (!statSync(real).isFile()) return mk(`theme "${theme}" is not a file`);
  value.theme = relative(rootReal, real).split(sep).join('/');
  // What the theme loads, at its own file:line:col; the bundler checks the same way again.
  return checkStylesheet(real, rootReal, { fileProblem: svgFileProblem });
}
