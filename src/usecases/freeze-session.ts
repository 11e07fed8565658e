/**
 * `freezeSession` (`ratsdeck freeze`): after a session, the agenda item's result from the
 * council information system into the deck (recordSessionResult), then the snapshot of what was
 * presented (freezeDeck). The freeze is decided first: when it would refuse (the data changed
 * since the session, a snapshot exists), the deck is not touched either. The deck's new time
 * from the result written into it is then not taken for a change of its data.
 */
import { deckFileArg } from './deck-file.js';
import { freezeDeck, type FreezeDeckOptions, type FreezeDeckResult } from './freeze.js';
import { recordSessionResult } from './oparl-result.js';
import type { OparlSettings } from './oparl.js';
import { silentReporter } from './reporter.js';

export type FreezeSessionOptions = Omit<FreezeDeckOptions, 'dryRun' | 'editedForFreeze'> & OparlSettings;

export async function freezeSession(opts: FreezeSessionOptions): Promise<FreezeDeckResult & { resultWritten: boolean }> {
  const { offline, timeoutMs, env, retryDelayMs, ...freeze } = opts;
  // The deck's problems are told once, by the dry run (which throws for an invalid deck).
  const report = opts.reporter ?? silentReporter;
  freezeDeck({ ...freeze, dryRun: true, reporter: report });
  const recorded = await recordSessionResult({
    deck: opts.deck,
    ...(opts.force ? { force: true } : {}),
    ...(offline !== undefined ? { offline } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(env !== undefined ? { env } : {}),
    ...(retryDelayMs !== undefined ? { retryDelayMs } : {}),
    ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}),
    reporter: report,
  });
  const edited = recorded.written ? [deckFileArg(opts.deck, opts.cwd ?? process.cwd())] : [];
  return { ...freezeDeck({ ...freeze, editedForFreeze: edited, reporter: { ...report, problem: () => {} } }), resultWritten: recorded.written };
}
