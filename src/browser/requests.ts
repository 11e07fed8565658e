/**
 * Which requests a deck page may make: its own files and inline data, nothing else. Decks are
 * printed offline; a request to another host (a web font, a tracking pixel) would leak the
 * reader's address and fails on the council's closed network anyway.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const INLINE_SCHEMES = ['data:', 'blob:', 'about:'];

/** The folders as given and with symlinks resolved (/tmp may be a link, e.g. on macOS). */
export function allowedRoots(dirs: string | readonly string[]): string[] {
  const out = new Set<string>();
  for (const d of typeof dirs === 'string' ? [dirs] : dirs) {
    const abs = resolve(d);
    out.add(abs);
    try {
      out.add(realpathSync(abs));
    } catch {
      // Not there (yet): the lexical path is all we have.
    }
  }
  return [...out];
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** True for data:/blob:/about: URLs and file:// URLs inside one of `roots` (see allowedRoots). */
export function isAllowedUrl(url: string, roots: readonly string[]): boolean {
  const lower = url.slice(0, 8).toLowerCase();
  if (INLINE_SCHEMES.some((s) => lower.startsWith(s))) return true;
  if (!lower.startsWith('file:')) return false;
  let path: string;
  try {
    const u = new URL(url);
    // file://host/share is a network share, not a local file.
    if (u.hostname !== '' && u.hostname !== 'localhost') return false;
    path = fileURLToPath(u);
  } catch {
    return false;
  }
  return roots.some((r) => isInside(path, r));
}
