/**
 * The network rules of the OParl client (issue 12), against servers and a proxy on 127.0.0.1:
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the command's environment (EnvHttpProxyAgent), the
 * allowed hosts (also after a redirect), the warning for plain http to a host that is not
 * local, retries (5xx and timeouts, at most three), and errors that name the URL and cause.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ExitCode } from '../../src/errors.js';
import { isLocalHost, OparlClient } from '../../src/oparl/client.js';
import { OparlError } from '../../src/oparl/errors.js';
import { runCli } from '../helpers/cli.js';
import { startOparlServer, startProxy, type OparlServer, type TestProxy } from './server.js';
import { serveSpec11, writeProject } from './world.js';

let server: OparlServer;
let tmp: string;
let n = 0;
const proxies: TestProxy[] = [];
beforeAll(async () => {
  server = await startOparlServer();
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-oparl-net-'));
});
afterAll(async () => {
  for (const p of proxies) await p.close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});
const port = () => Number(new URL(server.base).port);
async function proxy(target: Parameters<typeof startProxy>[0]): Promise<TestProxy> {
  const p = await startProxy(target);
  proxies.push(p);
  return p;
}

function client(env: NodeJS.ProcessEnv = {}, warnings: string[] = [], timeoutMs = 2000): OparlClient {
  const c = new OparlClient({ timeoutMs, env, warn: (w) => warnings.push(w), retryDelayMs: () => 1 });
  c.allow(server.base);
  return c;
}

async function failure(p: Promise<unknown>): Promise<OparlError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OparlError) return err;
    throw err;
  }
  throw new Error('expected an OparlError');
}

describe('proxy settings from the environment', () => {
  it('HTTP_PROXY: the whole import goes through the proxy (it tunnels to the test server); plain http to a host that is not local is warned about', async () => {
    // The documents name ris.example.invalid: only the proxy can reach it (it tunnels every CONNECT here).
    serveSpec11(server, { prefix: '/viaproxy', host: 'http://ris.example.invalid' });
    const p = await proxy({ port: port() });
    const b = 'http://ris.example.invalid/viaproxy';
    const dir = writeProject(join(tmp, `p${++n}`), { committees: '  - { id: fa, name: Ausschuss für Haushalt und Finanzen }\n' });
    const r = await runCli(['new', 'neu.yaml', '--oparl', `${b}/meeting/281`, '--top', '10.1'], dir, { HTTP_PROXY: p.url, NO_COLOR: '1' });
    expect(r.code, r.stderr).toBe(ExitCode.OK);
    expect(p.asked).toContain('CONNECT ris.example.invalid:80');
    expect(r.stderr).toContain('warning: ris.example.invalid is read over plain http: what it sends can be read and changed on the way; use its https:// address if it has one');
    // Once per host, not per request.
    expect(r.stderr.match(/read over plain http/g)).toHaveLength(1);
    expect((parse(readFileSync(join(dir, 'neu.yaml'), 'utf8')) as { paper: { reference: string } }).paper.reference).toBe('1234/2014');
  });

  it('HTTPS_PROXY: an https request asks the proxy for a tunnel; a proxy that refuses is exit 8 naming the URL, the proxy and the cause', async () => {
    const p = await proxy({ refuse: 403 });
    const dir = writeProject(join(tmp, `p${++n}`), { committees: '  - { id: fa, name: Finanzausschuss }\n' });
    const url = 'https://ris.example.invalid/oparl/meetings/1';
    const r = await runCli(['new', 'neu.yaml', '--oparl', url, '--top', '1'], dir, { HTTPS_PROXY: p.url, NO_COLOR: '1' });
    expect(p.asked).toEqual(['CONNECT ris.example.invalid:443']);
    expect(r.code).toBe(ExitCode.OPARL);
    expect(r.stderr).toContain(`error: ${url}: cannot read it (through the proxy ${p.url}): the proxy refused the connection (403)`);
    expect(r.stderr).toContain('hint: ask your IT whether the proxy lets this host through');
  });

  it('NO_PROXY: a host listed there is asked directly', async () => {
    const p = await proxy({ port: port() });
    const warnings: string[] = [];
    const c = client({ HTTP_PROXY: p.url, NO_PROXY: '127.0.0.1' }, warnings);
    server.route('/plain/ok', { json: { ok: true } });
    try {
      expect((await c.get(`${server.base}/plain/ok`)).text).toBe('{"ok":true}');
    } finally {
      await c.close();
    }
    expect(p.asked).toEqual([]);
    // 127.0.0.1 is local: plain http there is no warning.
    expect(warnings).toEqual([]);
  });

  it('without NO_PROXY the same request goes through the proxy; lower-case variables count too', async () => {
    const p = await proxy({ port: port() });
    const c = client({ http_proxy: p.url });
    server.route('/plain/ok2', { json: { ok: 2 } });
    try {
      expect((await c.get(`${server.base}/plain/ok2`)).text).toBe('{"ok":2}');
    } finally {
      await c.close();
    }
    expect(p.asked).toEqual([`CONNECT 127.0.0.1:${port()}`]);
  });
});

describe('allowed hosts, retries, errors', () => {
  it('a host that is not allowed is not asked at all, also when a redirect points there', async () => {
    const c = client();
    server.route('/moved', { redirect: 'http://elsewhere.invalid/oparl/body' });
    server.route('/moved-here', { redirect: '/plain/ok3' });
    server.route('/plain/ok3', { json: { ok: 3 } });
    const before = server.requests.length;
    try {
      const e = await failure(c.get('http://elsewhere.invalid/oparl/body'));
      expect(e.reason).toBe('host');
      expect(e.message).toBe('http://elsewhere.invalid/oparl/body: not requested: elsewhere.invalid is not the configured council information system');
      expect(server.requests.length).toBe(before);
      const moved = await failure(c.get(`${server.base}/moved`));
      expect(moved.message).toBe('http://elsewhere.invalid/oparl/body: not requested: elsewhere.invalid is not the configured council information system');
      expect(server.requests.slice(before)).toEqual(['GET /moved']);
      // A redirect on the same host is followed.
      expect(await c.get(`${server.base}/moved-here`)).toEqual({ url: `${server.base}/plain/ok3`, text: '{"ok":3}' });
    } finally {
      await c.close();
    }
  });

  it('5xx answers are tried again, at most three times; then exit 8 with the status', async () => {
    server.route('/busy/1', { fail: 3, then: { json: { ok: 1 } } });
    server.route('/busy/2', { fail: 99, then: { json: {} } });
    const c = client();
    try {
      expect((await c.get(`${server.base}/busy/1`)).text).toBe('{"ok":1}');
      const e = await failure(c.get(`${server.base}/busy/2`));
      expect(e.message).toBe(`${server.base}/busy/2: the server answered 500 (tried 4 times)`);
      expect(e.exitCode).toBe(ExitCode.OPARL);
    } finally {
      await c.close();
    }
    expect(server.requests.filter((q) => q === 'GET /busy/1')).toHaveLength(4);
    expect(server.requests.filter((q) => q === 'GET /busy/2')).toHaveLength(4);
  });

  it('a 404 is not tried again and says "not found"', async () => {
    const c = client();
    try {
      const e = await failure(c.get(`${server.base}/gone`));
      expect(e.reason).toBe('not-found');
      expect(e.status).toBe(404);
    } finally {
      await c.close();
    }
    expect(server.requests.filter((q) => q === 'GET /gone')).toHaveLength(1);
  });

  it('a refused connection names the URL and the cause, without retries', async () => {
    const c = new OparlClient({ timeoutMs: 2000, env: {}, warn: () => {}, retryDelayMs: () => 1 });
    c.allow('http://127.0.0.1:9/');
    try {
      const e = await failure(c.get('http://127.0.0.1:9/oparl'));
      expect(e.reason).toBe('network');
      expect(e.message).toBe('http://127.0.0.1:9/oparl: cannot read it: the connection was refused');
    } finally {
      await c.close();
    }
  });

  it('which hosts are local (no warning for plain http)', () => {
    for (const h of ['localhost', '127.0.0.1', '10.1.2.3', '192.168.0.5', '172.20.1.1', 'ris', 'ris.stadt.intern', 'ratsinfo.local', '[::1]']) expect(isLocalHost(h), h).toBe(true);
    for (const h of ['ratsinfo.leipzig.de', 'oparl.wuppertal.de', '172.32.0.1', '8.8.8.8']) expect(isLocalHost(h), h).toBe(false);
  });
});
