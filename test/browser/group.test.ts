/**
 * Closing the browser waits until no process of its group runs (src/browser/process.ts). A
 * process that has ended but is not yet reaped (a zombie, left to init once its parent exited)
 * does not count: init may take its time (1.7 s on the project's machine), and every `pdf`
 * waited that long before it could exit (issue 15).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { runningMembers } from '../../src/browser/process.js';
import { onlyWith } from '../helpers/platform.js';

const stateOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0];
  } catch {
    return undefined;
  }
};

onlyWith(['linux'], 'which processes still run is read from /proc').it('counts the running members of a process group, not the ended ones waiting to be reaped', async () => {
  // A group leader that runs and never reaps its child; the child ends at once and stays a zombie.
  const leader = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  const pgid = leader.pid!;
  try {
    const child = Number(await new Promise<string>((r) => leader.stdout!.once('data', (d) => r(String(d)))));
    const until = Date.now() + 10_000;
    while (stateOf(child) !== 'Z' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(stateOf(child)).toBe('Z');
    // The group answers a signal for both; only the leader runs.
    expect(() => process.kill(-pgid, 0)).not.toThrow();
    expect(runningMembers(pgid)).toEqual([pgid]);
    const exited = new Promise((r) => leader.once('exit', r));
    process.kill(-pgid, 'SIGKILL');
    await exited;
    // The leader is reaped by us; what is left is the zombie, init's to reap: nothing runs.
    expect(runningMembers(pgid)).toEqual([]);
  } finally {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
});
