/**
 * Closing the browser waits until no process of its group runs (src/browser/process.ts). A
 * process that has ended but is not yet reaped (a zombie, left to init once its parent exited)
 * does not count: init may take its time (1.7 s on the project's machine), and every `pdf`
 * waited that long before it could exit (issue 15).
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { groupRuns } from '../../src/browser/process.js';
import { onlyWith } from '../helpers/platform.js';

onlyWith(['linux'], 'which processes still run is read from /proc').it('counts the running members of a process group, not the ended ones waiting to be reaped', async () => {
  // A group leader that runs, and a member that ends at once and is never reaped by it.
  const leader = spawn('sh', ['-c', 'sleep 0.05 & exec sleep 30'], { detached: true, stdio: 'ignore' });
  const pgid = leader.pid!;
  try {
    await new Promise((r) => setTimeout(r, 300));
    expect(groupRuns(pgid)).toBe(true);
    const exited = new Promise((r) => leader.once('exit', r));
    process.kill(-pgid, 'SIGKILL');
    await exited;
    // The leader is reaped by us; what is left is the member, ended long ago and now init's to
    // reap (which it may do much later): nothing of the group runs.
    expect(groupRuns(pgid)).toBe(false);
  } finally {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
});
