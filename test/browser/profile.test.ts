/**
 * Profile folders and the cleanup after a killed run (issue 9): only folders that ratsdeck made
 * (the owner file) and whose owner is gone are removed; processes are matched by their exact
 * --user-data-dir. No browser needed: stand-ins with a browser-like command line.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  OWNER_FILE,
  PROFILE_PREFIX,
  createProfile,
  ownerAlive,
  ownerRecord,
  processesUsingProfile,
  removeProfile,
  sweepLeftovers,
  systemProbe,
  type ProfileOwner,
} from '../../src/browser/profile.js';
import { onlyWith } from '../helpers/platform.js';
import { isAlive, waitFor } from './procs.js';

const linux = process.platform === 'linux';
let tmp: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-sweep-'));
});

afterAll(() => {
  for (const c of children) if (c.pid && isAlive(c.pid)) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

/** A pid that surely belonged to a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  expect(isAlive(r.pid)).toBe(false);
  return r.pid;
}

function profileWith(name: string, owner: Partial<ProfileOwner> | string | undefined): string {
  const dir = join(tmp, `${PROFILE_PREFIX}${name}`);
  mkdirSync(join(dir, 'Default'), { recursive: true });
  writeFileSync(join(dir, 'Default', 'Preferences'), '{}');
  if (owner !== undefined) writeFileSync(join(dir, OWNER_FILE), typeof owner === 'string' ? owner : JSON.stringify({ ...ownerRecord(), ...owner }));
  return dir;
}

/** A process whose command line looks like a Chromium helper's: one string joined by spaces. */
function standIn(cmdline: string): ChildProcess {
  const c = spawn('bash', ['-c', `exec -a "${cmdline}" sleep 60`], { stdio: 'ignore' });
  children.push(c);
  return c;
}

describe('a new profile folder', () => {
  it('is private (0700), records its owner, and is removed with everything in it', async () => {
    const dir = await createProfile(tmp);
    expect(dir.startsWith(join(tmp, PROFILE_PREFIX))).toBe(true);
    if (process.platform !== 'win32') expect(statSync(dir).mode & 0o777).toBe(0o700);
    const owner = JSON.parse(readFileSync(join(dir, OWNER_FILE), 'utf8')) as ProfileOwner;
    expect(owner).toMatchObject({ tool: 'ratsdeck browser profile', pid: process.pid, host: systemProbe.host() });
    if (linux) expect(owner.start).toBe(systemProbe.startOf(process.pid));
    expect(ownerAlive(owner)).toBe(true);
    mkdirSync(join(dir, 'Default', 'Cache'), { recursive: true });
    writeFileSync(join(dir, 'Default', 'Cache', 'data_0'), 'x');
    await removeProfile(dir);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('removing a profile', () => {
  // What a SIGKILLed Chromium leaves: its singleton socket folder in the temp folder, linked from the profile.
  function withSocketDir(extra?: string): { profile: string; socketDir: string } {
    const profile = mkdtempSync(join(tmp, PROFILE_PREFIX));
    const socketDir = mkdtempSync(join(tmp, 'org.chromium.Chromium.'));
    writeFileSync(join(socketDir, 'SingletonSocket'), '');
    symlinkSync('4280006214427411061', join(socketDir, 'SingletonCookie'));
    if (extra) writeFileSync(join(socketDir, extra), 'not chromium\'s');
    symlinkSync(join(socketDir, 'SingletonSocket'), join(profile, 'SingletonSocket'));
    return { profile, socketDir };
  }

  onlyWith(['posix'], 'Chromium leaves a singleton socket folder only on POSIX systems').it('also removes the socket folder the profile links to, when it holds only Chromium\'s entries', async () => {
    const clean = withSocketDir();
    await removeProfile(clean.profile);
    expect(existsSync(clean.profile)).toBe(false);
    expect(existsSync(clean.socketDir)).toBe(false);

    const other = withSocketDir('notes.txt');
    await removeProfile(other.profile);
    expect(existsSync(other.profile)).toBe(false);
    expect(existsSync(join(other.socketDir, 'notes.txt'))).toBe(true);
    rmSync(other.socketDir, { recursive: true, force: true });
  });
});

describe('whether an owner is gone', () => {
  const base = ownerRecord();
  it('a live owner is alive; a dead pid, a reused pid (other start time) and another boot are gone', () => {
    expect(ownerAlive(base)).toBe(true);
    expect(ownerAlive({ ...base, pid: deadPid() })).toBe(false);
    if (linux) {
      expect(ownerAlive({ ...base, start: String(Number(base.start) + 1) })).toBe(false);
      expect(ownerAlive({ ...base, boot: '00000000-0000-0000-0000-000000000000' })).toBe(false);
    }
  });

  it('an owner on another machine (a shared temp folder) counts as alive, even with a dead pid', () => {
    expect(ownerAlive({ ...base, pid: deadPid(), host: `${base.host}-elsewhere` })).toBe(true);
  });
});

describe('sweepLeftovers', () => {
  it('removes a stale folder (owner gone) and keeps live, unowned, foreign and linked ones', async () => {
    const stale = profileWith('stale01', { pid: deadPid() });
    const live = profileWith('live01', { pid: process.pid });
    const unowned = profileWith('noowner', undefined);
    const garbage = profileWith('garbage', 'not json {');
    const otherTool = profileWith('othertool', JSON.stringify({ tool: 'something else', pid: deadPid(), host: systemProbe.host() }));
    // Not ours by name: the prefix is required.
    const unprefixed = join(tmp, 'chromium-profile-x');
    mkdirSync(unprefixed);
    writeFileSync(join(unprefixed, OWNER_FILE), JSON.stringify({ ...ownerRecord(), pid: deadPid() }));
    // A symlink named like ours that points at a stale-looking folder: never followed.
    const target = mkdtempSync(join(tmpdir(), 'ratsdeck-sweep-target-'));
    writeFileSync(join(target, OWNER_FILE), JSON.stringify({ ...ownerRecord(), pid: deadPid() }));
    const link = join(tmp, `${PROFILE_PREFIX}link01`);
    // A junction on Windows: a folder link that needs no admin rights.
    symlinkSync(target, link, 'junction');
    try {
      const swept = await sweepLeftovers(tmp);
      expect(swept.map((l) => l.dir)).toEqual([stale]);
      expect(swept[0]!.removed).toBe(true);
      expect(existsSync(stale)).toBe(false);
      for (const kept of [live, unowned, garbage, otherTool, unprefixed, link, target]) expect(existsSync(kept)).toBe(true);
      expect(existsSync(join(target, OWNER_FILE))).toBe(true);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  onlyWith(['posix', 'root'], 'gives a folder to another user (chown)').it('keeps a stale folder that belongs to another user', async () => {
    const foreign = profileWith('foreign', { pid: deadPid() });
    chownSync(foreign, 65534, 65534);
    expect(await sweepLeftovers(tmp)).toEqual([]);
    expect(existsSync(foreign)).toBe(true);
    rmSync(foreign, { recursive: true, force: true });
  });

  onlyWith(['linux'], 'ratsdeck finds a profile\'s processes in /proc, which only Linux has').it('kills the processes still running from a stale folder, and only those', async () => {
    const stale = profileWith('stale02', { pid: deadPid() });
    const live = profileWith('live02', { pid: process.pid });
    const helper = standIn(`/usr/lib/chromium/chromium --type=renderer --user-data-dir=${stale} --no-sandbox`);
    // Command lines that mention the folder but are not started from exactly it.
    const longer = standIn(`/usr/lib/chromium/chromium --type=renderer --user-data-dir=${stale}0 --no-sandbox`);
    const inside = standIn(`/usr/lib/chromium/chromium --user-data-dir=${stale}/Default`);
    const mention = standIn(`less ${stale}/Default/Preferences`);
    const ofLive = standIn(`/usr/lib/chromium/chromium --type=renderer --user-data-dir=${live}`);
    // A real argv (NUL-separated), as the browser process itself has.
    const argvChild = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', '--', `--user-data-dir=${stale}`], { stdio: 'ignore' });
    children.push(argvChild);
    expect(await waitFor(() => processesUsingProfile(stale).length === 2)).toBe(true);
    expect(processesUsingProfile(stale).sort()).toEqual([helper.pid, argvChild.pid].sort());

    const swept = await sweepLeftovers(tmp);
    expect(swept.map((l) => l.dir)).toEqual([stale]);
    expect(swept[0]!.killed.sort()).toEqual([helper.pid, argvChild.pid].sort());
    expect(await waitFor(() => !isAlive(helper.pid!) && !isAlive(argvChild.pid!))).toBe(true);
    for (const c of [longer, inside, mention, ofLive]) expect(isAlive(c.pid!)).toBe(true);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});
