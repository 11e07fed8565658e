/**
 * The folder ratsdeck is installed in (its package.json, templates/, themes/). The one owner of
 * this rule: the code runs from dist/ (tsc's output, the package API) and from dist/cli-bundle/
 * (the bundled command line, issue 15), at different depths, so the folder is found by walking
 * up to ratsdeck's own package.json instead of by a fixed number of `../`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function find(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === 'ratsdeck') return dir;
      } catch {
        // Not ours (or unreadable): keep looking further up.
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`ratsdeck: cannot find its own package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

export const PACKAGE_ROOT = find();
