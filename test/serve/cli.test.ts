/**
 * The `serve` command: flags, exit codes, and a real process that stops cleanly on Ctrl-C.
 * The spawned test runs bin/ratsdeck.js, so it needs `npx tsc -p .` first (dist/).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { onlyWith } from '../helpers/platform.js';
import { REPO, SseClient, copyExample } from './helpers.js';

function capture() {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true), isTTY: false }, text: () => text };
}

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

describe('ratsdeck serve (command)', () => {
  let dir: string;
  beforeAll(() => {
    dir = copyExample('ratsdeck-serve-cli-');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('documents the port behaviour in --help', async () => {
    const out = capture();
    const code = await main(['serve', '--help'], { stdout: out.stream, stderr: capture().stream, cwd: dir, env: {} });
    expect(code).toBe(0);
    const help = out.text().replace(/\s+/g, ' ');
    expect(help).toContain('--port <port>');
    expect(help).toContain('default 8080; when 8080 is taken the next free port up to 8090 is used and named');
    expect(help).toContain('a port given with --port must be free, otherwise exit 2');
    expect(help).toContain('--host <address>');
  });

  it('exits 2 when the port given is taken, or not a port', async () => {
    const busy = await listenOn(0);
    const port = (busy.address() as { port: number }).port;
    try {
      const err = capture();
      const code = await main(['serve', '--port', String(port)], { stdout: capture().stream, stderr: err.stream, cwd: dir, env: {} });
      expect(code).toBe(2);
      expect(err.text()).toContain(`error: port ${port} on 127.0.0.1 is in use`);
      expect(err.text()).toContain('--port 0 picks a free one');
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
    const err = capture();
    expect(await main(['serve', '--port', 'http'], { stdout: capture().stream, stderr: err.stream, cwd: dir, env: {} })).toBe(2);
    expect(err.text()).toContain('--port http: expected a port number');
    expect(await main(['serve', 'nope.yaml', '--port', '0'], { stdout: capture().stream, stderr: capture().stream, cwd: dir, env: {} })).toBe(2);
  });

  onlyWith(['posix'], 'sends the server SIGINT (on Windows a signal kills the process outright)').it('prints the URL, serves, and stops cleanly with exit code 0 on Ctrl-C (SIGINT)', async () => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'ratsdeck.js'), 'serve', '2021-06-hsk.yaml', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
      child.on('exit', (code, signal) => r({ code, signal })),
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no URL within 60 s; stderr: ${stderr}`)), 60_000);
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          const m = /serving (http:\/\/127\.0\.0\.1:\d+\/2021-06-hsk\/) — Ctrl-C to stop\n/.exec(stderr);
          if (m) {
            clearTimeout(t);
            resolve(m[1]!);
          }
        });
        child.on('exit', () => reject(new Error(`exited early; stderr: ${stderr}`)));
      });
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('data-ratsdeck-serve');
      // An open event stream must not keep the process alive.
      const sse = new SseClient(new URL('/__ratsdeck/events?deck=2021-06-hsk', url).href);
      await sse.connected;

      const stopAt = Date.now();
      child.kill('SIGINT');
      const { code, signal } = await exited;
      const ms = Date.now() - stopAt;
      console.log(`serve: SIGINT → exit in ${ms} ms`);
      expect(signal).toBeNull();
      expect(code).toBe(0);
      expect(ms).toBeLessThan(5000);
      expect(stderr).toContain('stopping (SIGINT)');
      expect(stdout).toBe('');
      expect(await sse.waitForEnd(1000)).toBe(true);
      const port = Number(new URL(url).port);
      const s = await listenOn(port);
      await new Promise<void>((r) => s.close(() => r()));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
