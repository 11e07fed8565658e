import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root.js';

let cached: string | undefined;

/** ratsdeck's version from package.json. */
export function version(): string {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };
    cached = pkg.version;
  }
  return cached;
}
