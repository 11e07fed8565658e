/** Test helpers: which processes of a browser are still around (Linux /proc). */
import { readdirSync, readFileSync } from 'node:fs';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Pids of live (not zombie) processes in process group `pgid` or whose command line mentions `needle`. */
export function processesOf(pgid: number | undefined, needle?: string): number[] {
  const out: number[] = [];
  for (const ent of readdirSync('/proc')) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      const stat = readFileSync(`/proc/${ent}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const state = fields[0];
      const pgrp = Number(fields[2]);
      if (state === 'Z') continue;
      const cmdline = needle ? readFileSync(`/proc/${ent}/cmdline`, 'utf8') : '';
      if (pgrp === pgid || (needle && cmdline.includes(needle))) out.push(Number(ent));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export async function waitFor(cond: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return cond();
}

/** Whether a process runs (exists and is not a zombie waiting to be reaped; Linux /proc). */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
