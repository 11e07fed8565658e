/**
 * Whether a program is on PATH, found by looking in PATH's folders (with PATHEXT on Windows),
 * not by running `which` or `where`, which a minimal machine may not have.
 */
import { statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function onPath(cmd: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  const exts = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';').filter(Boolean) : [''];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean)) {
    for (const ext of exts) {
      try {
        if (statSync(join(dir, cmd + ext)).isFile()) return true;
      } catch {
        // Not in this folder.
      }
    }
  }
  return false;
}
