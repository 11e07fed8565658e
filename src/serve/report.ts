/**
 * What `ratsdeck serve` tells the person at the terminal about each build: problems (each
 * once, and unchanged warnings not again on every save), what was left out, and the result.
 */
import { capProblems, formatMore, type Problem } from '../errors.js';
import type { Attempt } from './decks.js';
import type { Entry } from './entry.js';

/** Where people read progress (the CLI passes its stderr Output). */
export interface ServeReporter {
  info(s: string): void;
  warn(s: string): void;
  error(message: string, hint?: string): void;
  problem(p: Problem): void;
}

export const silent: ServeReporter = { info() {}, warn() {}, error() {}, problem() {} };

/**
 * Reports one build of `e`. `printed` collects the problems printed in this round of builds,
 * so that a problem in a shared file is printed once, not once per deck. `rel` shows a path.
 */
export function reportAttempt(
  report: ServeReporter,
  e: Entry,
  a: Attempt,
  opts: { initial: boolean; printed: Set<string>; rel: (p: string) => string; cwd: string },
): void {
  const key = JSON.stringify(a.problems);
  const changed = !a.ok || key !== e.printed;
  e.printed = key;
  if (changed) {
    const fresh = a.problems.filter((p) => {
      const k = `${p.file}:${p.line}:${p.col}:${p.message}`;
      if (opts.printed.has(k)) return false;
      opts.printed.add(k);
      return true;
    });
    // The same short list as the overlay and `validate` (capProblems).
    for (const item of capProblems(fresh)) {
      if ('problem' in item) report.problem(item.problem);
      else report.info(formatMore(item.file, item.more, opts.cwd));
    }
  }
  const file = opts.rel(e.file);
  if (a.skipped) report.info(`skipped ${file}: ${a.skipped}`);
  else if (a.ok) {
    const removed = a.removed ?? [];
    const key = JSON.stringify(removed);
    if (removed.length && key !== e.removed) {
      // Like `build`: name ids only, never content.
      const ids = removed.filter((x) => x.id).map((x) => x.id);
      report.info(`  ${e.id}: left out ${removed.length} non-public item${removed.length === 1 ? '' : 's'}${ids.length ? ` (${ids.join(', ')})` : ''}`);
    }
    e.removed = key;
    report.info(`${opts.initial ? 'built' : 'rebuilt'} ${e.id} (${a.build!.slides} slides, ${a.ms} ms)`);
  } else {
    const still = e.good ? 'still serving the last good version' : 'nothing to serve until it is fixed';
    if (a.failure) report.error(`${e.id}: ${a.failure.message}; ${still}`, a.failure.hint);
    else report.error(`${e.id}: invalid deck data; ${still}`);
  }
}
