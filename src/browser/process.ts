/**
 * The browser process, started by ratsdeck itself with the DevTools protocol on a pipe
 * (--remote-debugging-pipe: fds 3 and 4, no debugging port). When ratsdeck dies, even by
 * kill -9, the pipe closes and Chromium shuts down with all its children; measured on Chromium
 * 156: 11 processes gone in 0.1–0.9 s (14 runs), where a debugging port kept all of them running for good
 * (issue 9). We spawn it here rather than through puppeteer.launch({ pipe: true }) because that
 * reports a browser that quits while starting only as "Target closed", without its exit code
 * and output, which are what tells a user that a library or the sandbox is missing.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectionTransport } from 'puppeteer-core';

export interface BrowserExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the executable could not be run at all (ENOENT, EACCES). */
  error?: Error;
}

const OUTPUT_LINES = 50;

export class BrowserProcess {
  readonly pid: number | undefined;
  /** The command line it was started with (the executable first), for doctor-style reports and tests. */
  readonly commandLine: readonly string[];
  readonly transport: ConnectionTransport;
  /** Settles when the process has exited or could not be started; never rejects. */
  readonly exited: Promise<BrowserExit>;
  #exit: BrowserExit | undefined;
  #output: string[] = [];
  #outputDone: Promise<void>;

  constructor(executable: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    const child = spawn(executable, args, {
      env,
      // Its own process group (POSIX), so that kill() reaches zygotes, renderers and helpers.
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.pid = child.pid;
    this.commandLine = child.spawnargs;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve((this.#exit ??= { code, signal })));
      child.once('error', (error) => resolve((this.#exit ??= { code: null, signal: null, error })));
    });
    this.#outputDone = Promise.all([this.#record(child.stdout), this.#record(child.stderr)]).then(() => undefined);
    this.transport = new PipeTransport(child.stdio[3] as Writable, child.stdio[4] as Readable);
  }

  get hasExited(): boolean {
    return this.#exit !== undefined;
  }

  /** The last lines the browser wrote (stdout and stderr), after waiting briefly for the rest. */
  async output(waitMs = 500): Promise<string[]> {
    await Promise.race([this.#outputDone, delay(waitMs, undefined, { ref: false })]);
    return [...this.#output];
  }

  /** SIGKILL to the browser's whole process group (taskkill /T on Windows). Synchronous, so it works in 'exit'. */
  kill(): void {
    const pid = this.pid;
    if (pid === undefined || this.#exit) return;
    try {
      if (process.platform === 'win32') execFileSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      else process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  /**
   * After the browser itself has exited (POSIX): SIGKILL to what is left of its process group (a
   * renderer or helper still on its way out), then wait until none of them runs, at most `ms`.
   * A group whose members are all gone cannot be signalled (ESRCH), so nothing else is hit. A
   * member that has ended but is not yet reaped (a zombie, left to init once the browser exited)
   * still answers a signal; on Linux it does not count (/proc tells), or every close would wait
   * the whole `ms` for init to reap it (issue 15: 1.8 s of every `pdf`).
   */
  async killGroupLeft(ms = 2000): Promise<void> {
    const pid = this.pid;
    if (pid === undefined || process.platform === 'win32') return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      return; // Nothing of the group is left.
    }
    // The members found once; then only they are looked at again.
    const members = runningMembers(pid);
    const runs = members ? () => members.some((m) => isRunningMember(m, pid)) : () => answers(pid);
    const until = Date.now() + ms;
    while (runs() && Date.now() < until) await delay(10);
  }

  #record(stream: Readable | null): Promise<void> {
    if (!stream) return Promise.resolve();
    const rl = createInterface({ input: stream });
    rl.on('line', (line) => {
      if (line.trim() === '') return;
      this.#output.push(line);
      if (this.#output.length > OUTPUT_LINES) this.#output.shift();
    });
    return new Promise((resolve) => rl.once('close', () => resolve()));
  }
}

/** CDP over the browser's pipe: one JSON message per NUL-terminated chunk. */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  #write: Writable;
  #pending: Buffer[] = [];
  #closed = false;

  constructor(write: Writable, read: Readable) {
    this.#write = write;
    read.on('data', (chunk: Buffer) => this.#dispatch(chunk));
    read.once('close', () => this.onclose?.());
    // A broken pipe shows up as 'close' (the browser is gone); the error itself adds nothing.
    read.on('error', () => undefined);
    write.on('error', () => undefined);
  }

  send(message: string): void {
    if (this.#closed || this.#write.destroyed) return;
    this.#write.write(message);
    this.#write.write('\0');
  }

  close(): void {
    this.#closed = true;
  }

  #dispatch(chunk: Buffer): void {
    if (this.#closed) return;
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.#pending.push(chunk);
      return;
    }
    let start = 0;
    let head: Buffer = Buffer.concat([...this.#pending, chunk.subarray(0, end)]);
    this.#pending = [];
    while (end !== -1) {
      const message = head.toString('utf8');
      // Like puppeteer's own pipe transport: hand messages on in order, outside this stack.
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = chunk.indexOf(0, start);
      if (end !== -1) head = chunk.subarray(start, end);
    }
    if (start < chunk.length) this.#pending.push(chunk.subarray(start));
  }
}

/** Whether process group `pgid` answers a signal (zombies included). */
function answers(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** State and process group of a process from /proc (Linux), or undefined when it is gone. */
function procStat(pid: number | string): { state: string; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The fields after the command name, which is in parentheses and may hold spaces: state, ppid, pgrp.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
}

/** Z: ended, not yet reaped; X: dead. Neither runs. */
const ended = (state: string) => state === 'Z' || state === 'X';

function isRunningMember(pid: number, pgid: number): boolean {
  const st = procStat(pid);
  return !!st && st.pgrp === pgid && !ended(st.state);
}

/**
 * The pids of the processes of group `pgid` that run (zombies not counted), from /proc on
 * Linux; undefined where /proc cannot tell (other systems, a /proc that cannot be read).
 */
export function runningMembers(pgid: number): number[] | undefined {
  if (process.platform !== 'linux') return undefined;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  if (!entries.includes('self')) return undefined;
  const out: number[] = [];
  for (const ent of entries) {
    const c = ent.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const st = procStat(ent);
    if (st && st.pgrp === pgid && !ended(st.state)) out.push(Number(ent));
  }
  return out;
}
