/**
 * The one way ratsdeck writes a file or replaces a folder: under a temporary name next to the
 * target first, renamed into place when complete. A reader (a browser, a PDF viewer, the
 * archive) never sees a half-written file, and a failure leaves the previous version intact.
 * File system failures become exit 7 with what to do (errors.ts writeFailure).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeFailure } from '../errors.js';

/** A temporary name next to `target` that nobody else uses: hidden, with our pid and a random part. */
export function tempNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Writes `content` to `file` atomically. Synchronous on purpose: no signal handler (Ctrl+C) can
 * run between writing and renaming.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, opts: { mkdir?: boolean } = {}): void {
  const tmp = tempNameFor(file);
  try {
    if (opts.mkdir !== false) mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, content, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was created where nothing can be (the path is no folder).
    }
    throw writeFailure(err, file);
  }
}

/**
 * Puts the complete folder `tmp` in the place of `final` (which may not exist yet). The old
 * folder is moved aside first and removed only once the new one is in place.
 */
export function replaceFolder(tmp: string, final: string): void {
  const old = tempNameFor(`${final}.old`);
  const had = existsSync(final);
  try {
    if (had) renameSync(final, old);
    try {
      renameSync(tmp, final);
    } catch (err) {
      if (had) renameSync(old, final);
      throw err;
    }
  } catch (err) {
    throw writeFailure(err, final);
  }
  if (had) rmSync(old, { recursive: true, force: true, maxRetries: 3 });
}
