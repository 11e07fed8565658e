import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deckFileBytes } from '../../src/bundle/svg.js';
import { RatsdeckError } from '../../src/errors.js';
import { buildDeck } from '../../src/pipeline.js';
import { buildInMemory } from '../../src/serve/decks.js';
import { startServer, type ServeHandle } from '../../src/serve/server.js';
import { HFA_TITLE, SseClient, copyExample, edit, rawGet, reloadOf } from './helpers.js';

const revealJs = join(dirname(createRequire(import.meta.url).resolve('reveal.js/package.json')), 'dist', 'reveal.js');

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

const closeNet = (s: Server) => new Promise<void>((r) => s.close(() => r()));

describe('ratsdeck serve: a project folder', () => {
  let dir: string;
  let server: ServeHandle;
  let base: string;
  let sse: SseClient;
  const latencies: string[] = [];
  const log: string[] = [];

  beforeAll(async () => {
    dir = copyExample();
    // The package's own templates/ are being edited by others while these tests run.
    server = await startServer({
      target: dir,
      cwd: dir,
      port: 0,
      watchBuiltin: false,
      reporter: { info: (m) => log.push(m), warn: (m) => log.push(`warning: ${m}`), error: (m) => log.push(`error: ${m}`), problem: (p) => log.push(`${p.file}:${p.line}:${p.col}: ${p.message}`) },
    });
    base = `http://127.0.0.1:${server.port}`;
    sse = new SseClient(`${base}/__ratsdeck/events?deck=2021-05-hfa`);
    await sse.connected;
  });

  afterAll(async () => {
    sse?.close();
    await server?.close();
    if (latencies.length) console.log(`serve: file write → SSE reload (of which rebuild): ${latencies.join(', ')} ms`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the decks on the index page', async () => {
    expect(server.url).toBe(`${base}/`);
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('href="/2021-05-hfa/"');
    expect(html).toContain('href="/2021-06-hsk/"');
    expect(html).toContain(HFA_TITLE);
    expect(html).toContain('/__ratsdeck/events');
  });

  it('serves the deck with its slide titles and the reload script', async () => {
    const res = await fetch(`${base}/2021-05-hfa/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    for (const t of [HFA_TITLE, 'Gliederung', 'Netzwerke, in denen die Stadt mitarbeitet']) expect(html).toContain(t);
    expect(html).toContain('data-ratsdeck-serve');
    expect(html).toContain('new EventSource("/__ratsdeck/events"');
    // The deck's own CSP allows the SSE connection (same origin).
    expect(html).toMatch(/connect-src 'self'/);
    expect(html).not.toContain('id="ratsdeck-errors"');
    expect(await (await fetch(`${base}/2021-05-hfa/index.html`)).text()).toBe(html);
    const redirect = await fetch(`${base}/2021-05-hfa`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/2021-05-hfa/');
  });

  it('writes nothing into out/, and the built output has no reload script', async () => {
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const outDir = join(dir, '.build-check');
    const r = await buildDeck(join(dir, '2021-06-hsk.yaml'), { outDir });
    const built = readFileSync(join(r.manifest!.path, 'index.html'), 'utf8');
    expect(built).not.toContain('data-ratsdeck-serve');
    expect(built).not.toContain('__ratsdeck');
    rmSync(outDir, { recursive: true, force: true });
  });

  it('serves the assets with their content types, and the files theme CSS refers to', async () => {
    const js = await fetch(`${base}/2021-05-hfa/ratsdeck/reveal.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe(readFileSync(revealJs, 'utf8'));

    const css = await fetch(`${base}/2021-05-hfa/ratsdeck/theme.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const urls = [...(await css.text()).matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]!).filter((u) => !u.startsWith('data:'));
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) {
      const font = await fetch(new URL(u, `${base}/2021-05-hfa/ratsdeck/theme.css`));
      expect(font.status, u).toBe(200);
      expect(font.headers.get('content-type'), u).toBe('font/woff2');
      await font.arrayBuffer();
    }

    const html = await (await fetch(`${base}/2021-05-hfa/`)).text();
    const logo = /src="(assets\/[^"]+\.svg)"/.exec(html)?.[1];
    expect(logo).toBeDefined();
    const img = await fetch(`${base}/2021-05-hfa/${logo}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/svg+xml');
    // Sanitised, exactly as the build writes it (test/bundle/svg.test.ts).
    expect(await img.text()).toBe(deckFileBytes(join(dir, 'assets', 'stadt-logo.svg')).toString('utf8'));
  });

  it('serves nothing outside the known assets (path traversal)', async () => {
    const paths = [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/2021-05-hfa/../../../etc/passwd',
      '/2021-05-hfa/..%2f..%2f..%2fetc%2fpasswd',
      '/2021-05-hfa/%2e%2e/ratsdeck.yaml',
      '/2021-05-hfa/..%5cratsdeck.yaml',
      '/2021-05-hfa/ratsdeck/../../2021-05-hfa.yaml',
      '/2021-05-hfa/ratsdeck/%2e%2e%2f%2e%2e%2f2021-05-hfa.yaml',
      '/2021-05-hfa/assets/../ratsdeck.yaml',
      '/2021-05-hfa/assets/stadt-logo.svg',
      '/2021-05-hfa//etc/passwd',
      '//etc/passwd',
      '/2021-05-hfa/%00',
      '/2021-05-hfa/%',
      '/ratsdeck.yaml',
      '/_data/itBeirat.yaml',
      '/etc/passwd',
    ];
    const config = readFileSync(join(dir, 'ratsdeck.yaml'), 'utf8').slice(0, 200);
    for (const p of paths) {
      const res = await rawGet(server.port, p);
      expect([400, 404], p).toContain(res.status);
      expect(res.body, p).not.toContain('root:');
      expect(res.body, p).not.toContain(config.slice(0, 60));
    }
  });

  it('answers only to loopback host names (DNS rebinding) and only to GET/HEAD', async () => {
    expect((await rawGet(server.port, '/2021-05-hfa/', { Host: 'attacker.example' })).status).toBe(403);
    expect((await rawGet(server.port, '/2021-05-hfa/', { Host: `localhost:${server.port}` })).status).toBe(200);
    expect((await fetch(`${base}/2021-05-hfa/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('rebuilds on an edit of the deck file and sends a reload event within 2 s', async () => {
    const from = sse.events.length;
    const wrote = edit(join(dir, '2021-05-hfa.yaml'), `title: ${HFA_TITLE}`, 'title: Neuer Titel nach der Änderung');
    const ev = await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from);
    const total = ev.at - wrote;
    const rebuild = (JSON.parse(ev.data) as { ms: number }).ms;
    latencies.push(`${total} (${rebuild})`);
    // Within 2 s on a machine that is not overloaded, in two parts that are both checked on
    // every machine: what serve itself adds (watch event, 100 ms debounce, delivery), and a
    // rebuild that costs no more than building that one deck does right now (the render
    // stage's time depends on the CPU other processes leave: two cores, test files in
    // parallel; so it is compared with a build measured here, not with a fixed figure).
    expect(total - rebuild).toBeLessThan(700);
    const reference = (await buildInMemory(join(dir, '2021-05-hfa.yaml'), { audience: 'public' })).ms;
    latencies.push(`reference build ${reference}`);
    expect(rebuild).toBeLessThan(2 * reference + 250);
    const html = await (await fetch(`${base}/2021-05-hfa/`)).text();
    expect(html).toContain('Neuer Titel nach der Änderung');
    expect(html).not.toContain(HFA_TITLE);
  });

  it('rebuilds on an edit in _data/ (watched recursively)', async () => {
    const from = sse.events.length;
    const wrote = edit(join(dir, '_data', 'itBeirat.yaml'), 'name: Prof. Dr. Beispiel', 'name: Prof. Dr. Qwertz');
    const ev = await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from);
    latencies.push(`${ev.at - wrote} (${(JSON.parse(ev.data) as { ms: number }).ms})`);
    expect(await (await fetch(`${base}/2021-05-hfa/`)).text()).toContain('Prof. Dr. Qwertz');
  });

  it('rebuilds the open deck on an edit of ratsdeck.yaml at once, and the others when asked for', async () => {
    const from = sse.events.length;
    const logFrom = log.length;
    const wrote = edit(join(dir, 'ratsdeck.yaml'), /^  name: Stadt Koblenz$/m, '  name: Stadt Qwertzhausen');
    const ev = await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from);
    latencies.push(`${ev.at - wrote} (${(JSON.parse(ev.data) as { ms: number }).ms})`);
    expect(await (await fetch(`${base}/2021-05-hfa/`)).text()).toContain('Stadt Qwertzhausen');
    // No page shows 2021-06-hsk: it is rebuilt when it is asked for, not before.
    expect(log.slice(logFrom).filter((l) => l.startsWith('rebuilt'))).toEqual([expect.stringMatching(/^rebuilt 2021-05-hfa /)]);
    expect(await (await fetch(`${base}/2021-06-hsk/`)).text()).toContain('Stadt Qwertzhausen');
    expect(log.slice(logFrom).filter((l) => l.startsWith('rebuilt'))).toEqual([
      expect.stringMatching(/^rebuilt 2021-05-hfa /),
      expect.stringMatching(/^rebuilt 2021-06-hsk /),
    ]);
  });

  it('shows an invalid edit as an overlay over the last good deck, and drops it once fixed', async () => {
    const deck = join(dir, '2021-05-hfa.yaml');
    let from = sse.events.length;
    let wrote = edit(deck, 'title: Neuer Titel nach der Änderung', 'title: [');
    let ev = await sse.waitFor(reloadOf('2021-05-hfa', false), 10_000, from);
    latencies.push(`${ev.at - wrote} (${(JSON.parse(ev.data) as { ms: number }).ms})`);
    let res = await fetch(`${base}/2021-05-hfa/`);
    expect(res.status).toBe(200);
    let html = await res.text();
    expect(html).toContain('id="ratsdeck-errors"');
    expect(html).toMatch(/2021-05-hfa\.yaml:\d+:\d+: /);
    // The last good version stays.
    expect(html).toContain('Neuer Titel nach der Änderung');
    expect(await (await fetch(`${base}/2021-05-hfa/ratsdeck/reveal.js`)).text()).toBe(readFileSync(revealJs, 'utf8'));
    expect(await (await fetch(`${base}/`)).text()).toContain('errors — showing the last good version');

    // Messages are escaped: a value that looks like HTML stays text.
    from = sse.events.length;
    edit(deck, 'title: [', 'title: Neuer Titel nach der Änderung\ntheme: "<img src=x onerror=alert(1)>"');
    ev = await sse.waitFor(reloadOf('2021-05-hfa', false), 10_000, from);
    html = await (await fetch(`${base}/2021-05-hfa/`)).text();
    expect(html).toContain('id="ratsdeck-errors"');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');

    from = sse.events.length;
    wrote = edit(deck, '\ntheme: "<img src=x onerror=alert(1)>"', '');
    ev = await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from);
    latencies.push(`${ev.at - wrote} (${(JSON.parse(ev.data) as { ms: number }).ms})`);
    res = await fetch(`${base}/2021-05-hfa/`);
    html = await res.text();
    expect(html).not.toContain('id="ratsdeck-errors"');
    expect(html).toContain('Neuer Titel nach der Änderung');
  });

  it('watches a templates/ folder created while serving', async () => {
    const slides = join(dir, 'templates', 'slides');
    let from = sse.events.length;
    mkdirSync(slides, { recursive: true });
    writeFileSync(join(slides, 'closing.hbs'), '<p class="override">OVERRIDE-ONE</p>\n');
    await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from);
    expect(await (await fetch(`${base}/2021-05-hfa/`)).text()).toContain('OVERRIDE-ONE');
    // The new folder is watched now: a second edit inside it is seen too.
    from = sse.events.length;
    const wrote = edit(join(slides, 'closing.hbs'), 'OVERRIDE-ONE', 'OVERRIDE-TWO');
    const ev = await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from);
    latencies.push(`${ev.at - wrote} (${(JSON.parse(ev.data) as { ms: number }).ms})`);
    expect(await (await fetch(`${base}/2021-05-hfa/`)).text()).toContain('OVERRIDE-TWO');
    rmSync(join(dir, 'templates'), { recursive: true, force: true });
    await sse.waitFor(reloadOf('2021-05-hfa', true), 10_000, from + 1);
  });

  it('picks up a new deck file and drops a deleted one', async () => {
    const listChanged = (e: { event: string; data: string }) => e.event === 'reload' && (JSON.parse(e.data) as { deck: unknown }).deck === null;
    let from = sse.events.length;
    const file = join(dir, '2021-07-neu.yaml');
    copyFileSync(join(dir, '2021-06-hsk.yaml'), file);
    await sse.waitFor(listChanged, 10_000, from);
    await sse.waitFor(reloadOf('2021-07-neu', true), 10_000, from);
    expect(await (await fetch(`${base}/`)).text()).toContain('href="/2021-07-neu/"');
    expect((await fetch(`${base}/2021-07-neu/`)).status).toBe(200);
    from = sse.events.length;
    rmSync(file);
    await sse.waitFor(listChanged, 10_000, from);
    expect((await fetch(`${base}/2021-07-neu/`)).status).toBe(404);
    expect(await (await fetch(`${base}/`)).text()).not.toContain('2021-07-neu');
  });

  it('close() ends the event streams, resolves, and frees the port', async () => {
    const port = server.port;
    await server.close();
    expect(await sse.waitForEnd(2000)).toBe(true);
    const s = await listenOn(port);
    await closeNet(s);
    await server.close(); // twice is fine
  });
});

describe('ratsdeck serve: one deck file', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves that deck and redirects / to it; a deck with no good version shows only the errors', async () => {
    dir = copyExample();
    const server = await startServer({ target: '2021-06-hsk.yaml', cwd: dir, port: 0, watchBuiltin: false });
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/2021-06-hsk/`);
      expect(server.decks().map((d) => d.id)).toEqual(['2021-06-hsk']);
      const root = await fetch(`http://127.0.0.1:${server.port}/`, { redirect: 'manual' });
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/2021-06-hsk/');
      expect((await fetch(server.url)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${server.port}/2021-05-hfa/`)).status).toBe(404);
    } finally {
      await server.close();
    }

    edit(join(dir, '2021-06-hsk.yaml'), /^title: .*$/m, 'title: [');
    const broken = await startServer({ target: join(dir, '2021-06-hsk.yaml'), cwd: dir, port: 0, watchBuiltin: false });
    try {
      const res = await fetch(broken.url);
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain('id="ratsdeck-errors"');
      expect(html).toMatch(/2021-06-hsk\.yaml:\d+:\d+: /);
      expect(html).toContain('data-ratsdeck-serve');
    } finally {
      await broken.close();
    }
  });

  it('rejects a missing deck with exit code 2', async () => {
    const err = await startServer({ target: '/nonexistent/deck.yaml', port: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(2);
  });
});

describe('ratsdeck serve: ports', () => {
  let dir: string;
  let busy: Server;
  beforeAll(async () => {
    dir = copyExample();
    busy = await listenOn(0);
  });
  afterAll(async () => {
    await closeNet(busy);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a taken port is an error (exit 2), or the next free one with portFallback', async () => {
    const port = (busy.address() as { port: number }).port;
    const err = await startServer({ target: dir, port, watchBuiltin: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(2);
    expect((err as RatsdeckError).message).toBe(`port ${port} on 127.0.0.1 is in use`);

    const infos: string[] = [];
    const server = await startServer({
      target: join(dir, '2021-06-hsk.yaml'),
      port,
      portFallback: 20,
      watchBuiltin: false,
      reporter: { info: (s) => infos.push(s), warn() {}, error() {}, problem() {} },
    });
    try {
      expect(server.port).toBeGreaterThan(port);
      expect(infos).toContain(`port ${port} is in use; using ${server.port}`);
    } finally {
      await server.close();
    }
  });
});
