/**
 * kill -9 of ratsdeck in the middle of printing (issue 9): before the browser ran on a pipe,
 * Chromium and ten helpers kept running with parent 1, for good. Now none of them may remain,
 * and the next run removes the profile folder that the killed one could not.
 * Spawns the real bin (needs `npx tsc -p .` first, as `npm test` does) on a copy of decks/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OWNER_FILE, PROFILE_PREFIX } from '../../src/browser/profile.js';
import { describeWithBrowser } from './chromium.js';
import { onlyWith } from '../helpers/platform.js';
import { waitFor } from './procs.js';

const REPO = join(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'bin', 'ratsdeck.js');

interface Proc {
  pid: number;
  ppid: number;
  type: string;
}

/** Live processes started with a --user-data-dir inside `tmp` (helpers join their argv with spaces). */
function browserProcesses(tmp: string): Proc[] {
  const prefix = `--user-data-dir=${join(tmp, PROFILE_PREFIX)}`;
  const out: Proc[] = [];
  for (const ent of readdirSync('/proc')) {
    if (!/^\d+$/.test(ent)) continue;
    try {
      const stat = readFileSync(`/proc/${ent}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const args = readFileSync(`/proc/${ent}/cmdline`, 'utf8').split(/[\0 ]/);
      if (!args.some((a) => a.startsWith(prefix))) continue;
      out.push({ pid: Number(ent), ppid: Number(fields[1]), type: args.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser' });
    } catch {
      // Ended while we looked.
    }
  }
  return out;
}

const profilesIn = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith(PROFILE_PREFIX));

describeWithBrowser('ratsdeck killed with kill -9 while printing', (browser) => {
  let work: string;
  let proj: string;
  let tmp: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'ratsdeck-killed-'));
    proj = join(work, 'project');
    tmp = join(work, 'tmp');
    mkdirSync(tmp);
    cpSync(join(REPO, 'decks'), proj, { recursive: true, filter: (src) => !src.endsWith(`${join('decks', 'out')}`) });
  });
  afterAll(() => {
    // Should there be survivors after all, they must not outlive the test either.
    if (process.platform === 'linux') for (const p of browserProcesses(tmp ?? '/nonexistent')) process.kill(p.pid, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  onlyWith(['linux'], 'finds the browser\'s processes in /proc').it('leaves no browser process behind, and the next run removes its profile folder', async () => {
    const env = { ...process.env, TMPDIR: tmp, RATSDECK_BROWSER: browser, NO_COLOR: '1' };
    const child = spawn(process.execPath, [BIN, 'pdf', '2021-05-hfa.yaml'], { cwd: proj, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.once('exit', (_code, signal) => res(signal)));

    // Printing: the deck is built and the browser runs with its helpers and the deck's pages.
    const printing = () => stderr.includes('wrote out/') && browserProcesses(tmp).filter((p) => p.type === 'renderer').length >= 2;
    expect(await waitFor(printing, 45_000), `never saw the browser printing; stderr:\n${stderr}`).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const before = browserProcesses(tmp);
    expect(stderr).not.toContain('printed 2 PDFs');
    expect(child.exitCode).toBeNull();
    // The whole tree: the browser (a child of ratsdeck), zygotes, gpu, utility, renderers.
    expect(before.length).toBeGreaterThanOrEqual(5);
    expect(before.filter((p) => p.type === 'browser').map((p) => p.ppid)).toEqual([child.pid]);
    const [leftover] = profilesIn(tmp);
    expect(profilesIn(tmp)).toHaveLength(1);

    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Measured: all gone in 0.1-0.9 s; the bound is for a loaded CI machine.
    const gone = await waitFor(() => browserProcesses(tmp).length === 0, 15_000);
    expect(gone, `still running after kill -9: ${JSON.stringify(browserProcesses(tmp))}`).toBe(true);
    // Nothing ran in the killed process to clean up: its profile is still there, with its owner.
    const owner = JSON.parse(readFileSync(join(tmp, leftover!, OWNER_FILE), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(child.pid);

    const next = spawnSync(process.execPath, [BIN, 'pdf', '2021-05-hfa.yaml', '--no-handout'], { cwd: proj, env, encoding: 'utf8', timeout: 120_000 });
    expect(next.status, next.stderr).toBe(0);
    expect(next.stderr).toContain(`removed the browser profile ${join(tmp, leftover!)} left by an earlier ratsdeck run (pid ${child.pid})`);
    expect(existsSync(join(tmp, leftover!))).toBe(false);
    // The next run cleaned up after itself as well.
    expect(profilesIn(tmp)).toEqual([]);
    expect(browserProcesses(tmp)).toEqual([]);
  });
});
