/**
 * The rebuild queue of `ratsdeck serve` (like eleventy's WatchQueue): builds run one at a
 * time, in one chain; changes that arrive while a build runs are collected and handled
 * together in one following task, not one task per change.
 */
export class RebuildQueue {
  /** Builds run one at a time, in this chain. */
  #chain: Promise<void> = Promise.resolve();
  #pending = new Set<string>();
  #drainQueued = false;
  readonly #apply: (paths: string[]) => Promise<void>;
  readonly #onError: (err: unknown) => void;

  /** `apply` handles one batch of changed paths; `onError` hears of a batch that threw. */
  constructor(apply: (paths: string[]) => Promise<void>, onError: (err: unknown) => void) {
    this.#apply = apply;
    this.#onError = onError;
  }

  /** Runs `task` after everything queued before it; its result (or error) is the caller's. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => {});
    return run;
  }

  /** Adds changed paths; one task handles all that arrived before it starts. */
  push(paths: string[]): void {
    for (const p of paths) this.#pending.add(p);
    if (!this.#pending.size || this.#drainQueued) return;
    this.#drainQueued = true;
    this.enqueue(async () => {
      this.#drainQueued = false;
      const batch = [...this.#pending];
      this.#pending.clear();
      await this.#apply(batch);
    }).catch(this.#onError);
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.#chain;
  }
}
