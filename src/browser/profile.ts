/**
 * The browser's profile folders (--user-data-dir): private, one per launch, removed on close.
 * Each records its owner, so that the next launch can clean up after a ratsdeck that was killed
 * (kill -9 leaves the folder behind; issue 9) without ever touching a folder it did not make or
 * one that a running ratsdeck still uses.
 */
import { lstatSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { lstat, mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';

export const PROFILE_PREFIX = 'ratsdeck-chromium-';
/** Written into each profile folder; only folders that hold it are ever removed by a sweep. */
export const OWNER_FILE = 'ratsdeck-owner.json';
const OWNER_TOOL = 'ratsdeck browser profile';

export interface ProfileOwner {
  tool: typeof OWNER_TOOL;
  pid: number;
  host: string;
  /** Linux: the kernel's boot id and the process's start time, so a reused pid is not taken for the owner. */
  boot?: string;
  start?: string;
  created: string;
}

/** How to look at processes; the defaults read this machine, tests pass their own. */
export interface ProcessProbe {
  /** Whether a process with this pid exists (EPERM counts as existing). */
  exists(pid: number): boolean;
  /** An identity of the process's start (Linux: /proc/<pid>/stat field 22), if the platform has one. */
  startOf(pid: number): string | undefined;
  bootId(): string | undefined;
  host(): string;
}

export const systemProbe: ProcessProbe = {
  exists(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startOf(pid) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name in parentheses may hold spaces; fields after it start with field 3.
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    } catch {
      return undefined;
    }
  },
  bootId() {
    try {
      return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || undefined;
    } catch {
      return undefined;
    }
  },
  host: () => hostname(),
};

export function ownerRecord(probe: ProcessProbe = systemProbe, pid = process.pid): ProfileOwner {
  const boot = probe.bootId();
  const start = probe.startOf(pid);
  return {
    tool: OWNER_TOOL,
    pid,
    host: probe.host(),
    ...(boot ? { boot } : {}),
    ...(start ? { start } : {}),
    created: new Date().toISOString(),
  };
}

/**
 * Whether the ratsdeck that made a folder may still be using it. Anything we cannot decide
 * (another machine sharing the temp folder) counts as alive: a folder is kept when in doubt.
 */
export function ownerAlive(owner: ProfileOwner, probe: ProcessProbe = systemProbe): boolean {
  if (owner.host !== probe.host()) return true;
  const boot = probe.bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  if (!probe.exists(owner.pid)) return false;
  const start = owner.start ? probe.startOf(owner.pid) : undefined;
  return !(start && start !== owner.start);
}

/** A fresh private profile folder (mode 0700, from mkdtemp) that records its owner. */
export async function createProfile(tmpDir: string, probe: ProcessProbe = systemProbe): Promise<string> {
  const dir = await mkdtemp(join(tmpDir, PROFILE_PREFIX));
  // Synchronously right away: a ratsdeck killed in between leaves a folder without an owner,
  // which sweeps keep (never remove what we cannot prove is ours).
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(ownerRecord(probe)) + '\n', { mode: 0o600, flag: 'wx' });
  return dir;
}

export async function removeProfile(dir: string): Promise<void> {
  const socketDir = await singletonSocketDir(dir);
  // Chromium may still be flushing files for a moment after it exits.
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }).catch(() => undefined);
  if (socketDir) await rm(socketDir, { recursive: true, force: true }).catch(() => undefined);
}

const SINGLETON_ENTRIES = new Set(['SingletonSocket', 'SingletonCookie', 'SingletonLock']);

/**
 * Chromium keeps its singleton socket in a folder of its own in the temp folder
 * (org.chromium.Chromium.XXXXXX) and links to it from the profile. A browser that exits
 * normally removes it; one that is SIGKILLed (a hung start, a stale run) leaves it behind.
 * It is ours to remove only when our profile links to it and it holds nothing else.
 */
async function singletonSocketDir(profile: string): Promise<string | undefined> {
  try {
    const target = await readlink(join(profile, 'SingletonSocket'));
    if (!isAbsolute(target) || basename(target) !== 'SingletonSocket') return undefined;
    const dir = dirname(target);
    const st = await lstat(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid())) return undefined;
    const entries = await readdir(dir);
    return entries.every((e) => SINGLETON_ENTRIES.has(e)) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The owner of a profile folder ratsdeck made, or undefined for anything else. */
export async function readOwner(dir: string): Promise<ProfileOwner | undefined> {
  try {
    const d = await lstat(dir);
    // Only real folders of our own user: never follow a symlink someone put in the temp folder.
    if (!d.isDirectory() || (process.getuid && d.uid !== process.getuid())) return undefined;
    const f = await lstat(join(dir, OWNER_FILE));
    if (!f.isFile() || f.size > 4096) return undefined;
    const v = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as Partial<ProfileOwner>;
    if (v.tool !== OWNER_TOOL || !Number.isInteger(v.pid) || typeof v.host !== 'string') return undefined;
    return v as ProfileOwner;
  } catch {
    return undefined;
  }
}

/**
 * Pids of the live processes started with exactly this --user-data-dir (Linux; [] elsewhere).
 * Chromium's zygotes and renderers rewrite their command line into one string joined by
 * spaces, so the flag is matched as a whole word between NULs or spaces.
 */
export function processesUsingProfile(dir: string): number[] {
  const flag = `--user-data-dir=${dir}`;
  const uid = process.getuid?.();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const ent of entries) {
    if (!/^\d+$/.test(ent) || Number(ent) === process.pid) continue;
    try {
      if (uid !== undefined && statSync(`/proc/${ent}`).uid !== uid) continue;
      const stat = readFileSync(`/proc/${ent}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (readFileSync(`/proc/${ent}/cmdline`, 'utf8').split(/[\0 ]/).includes(flag)) out.push(Number(ent));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** SIGKILLs the processes of a profile folder and waits (up to `ms`) until they are gone. */
export async function killProfileProcesses(dir: string, ms = 3000): Promise<number[]> {
  const pids = processesUsingProfile(dir);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  const until = Date.now() + ms;
  while (pids.length && processesUsingProfile(dir).length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids;
}

export interface Leftover {
  dir: string;
  owner: ProfileOwner;
  /** Browser processes that still ran from it and were killed. */
  killed: number[];
  removed: boolean;
}

/**
 * Removes the profile folders of ratsdeck runs that are gone (killed, crashed), after killing
 * any browser processes still running from them. Folders without our owner file, of other
 * users, or whose owner is alive are left alone. Never throws.
 */
export async function sweepLeftovers(tmpDir: string, probe: ProcessProbe = systemProbe): Promise<Leftover[]> {
  let names: string[];
  try {
    names = (await readdir(tmpDir, { withFileTypes: true })).filter((e) => e.isDirectory() && e.name.startsWith(PROFILE_PREFIX)).map((e) => e.name);
  } catch {
    return [];
  }
  const out: Leftover[] = [];
  for (const name of names) {
    const dir = join(tmpDir, name);
    const owner = await readOwner(dir);
    if (!owner || ownerAlive(owner, probe)) continue;
    const killed = await killProfileProcesses(dir);
    await removeProfile(dir);
    out.push({ dir, owner, killed, removed: !exists(dir) });
  }
  return out;
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}
