/**
 * How a path is shown to people: relative to a base folder (the working folder, the project)
 * when it lies inside it, else as it is. The one place for this (issue 10: there were ten).
 */
import { isAbsolute, relative, sep } from 'node:path';

/**
 * `p` relative to `base` with forward slashes when `p` is inside `base`; otherwise `p`
 * unchanged (a path outside, on another drive, or `base` itself).
 */
export function displayPath(p: string, base: string): string {
  const r = relative(base, p);
  if (r === '' || r === '..' || r.startsWith(`..${sep}`) || r.startsWith('../') || isAbsolute(r)) return p;
  return r.split(sep).join('/');
}

/**
 * Orders directory entries by name, code unit by code unit: the same order on every machine,
 * whatever its language settings, and without loading the collation data that the first
 * `localeCompare` costs (10-15 ms of every command).
 */
export function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
