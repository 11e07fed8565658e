// needs: browser
/**
 * While printing, nothing may leave file:// (DOMAIN.md: no third-party requests; locked-down
 * networks). A local HTTP server counts what reaches it: it must stay at zero, and every
 * refused URL must come back as a warning that names it.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserManager } from '../../src/browser/index.js';
import { main } from '../../src/cli/main.js';
import { pdfMetadata, printHandout } from '../../src/print/index.js';
import { pageCount } from './pdf.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'print');

let dir: string;
let server: Server;
let base: string;
const hits: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ratsdeck-print-req-'));
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'image/png' }).end();
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((res) => server.close(res));
  rmSync(dir, { recursive: true, force: true });
});

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

describe('remote references while printing', () => {
  it('a custom slide template with a remote image: a warning naming the URL, no request, the PDFs still print', async () => {
    const project = join(dir, 'project');
    cpSync(FIXTURE, project, { recursive: true });
    mkdirSync(join(project, 'templates', 'slides'), { recursive: true });
    // The project's own closing slide loads a picture from a web server.
    writeFileSync(
      join(project, 'templates', 'slides', 'closing.hbs'),
      `<{{hl.title}} id="folie-{{slide.number}}-titel" class="rd-title">{{slide.title}}</{{hl.title}}>\n<img src="${base}/tracking.png" alt="">\n`,
    );
    const c = capture();
    const code = await main(['pdf', project, '-o', join(dir, 'out'), '--handout', '2'], { ...c.io, cwd: dir, env: process.env });
    expect(c.err).not.toMatch(/error/);
    expect(code).toBe(0);
    // Once per deck, although both PDFs refused it.
    const warnings = c.err.split('\n').filter((l) => l.includes(`${base}/tracking.png`));
    expect(warnings).toEqual([`warning: deck: blocked a request to ${base}/tracking.png (decks load only their own files)`]);
    expect(hits).toEqual([]);
    expect(await pageCount(join(dir, 'out', 'deck', 'deck.pdf'))).toBe(7);
    expect(await pageCount(join(dir, 'out', 'deck', 'deck-handout.pdf'))).toBe(4);
  });

  it('a page without a Content-Security-Policy: request interception blocks and reports every URL', async () => {
    // A hand-written handout.html, as a custom layout without the CSP would produce.
    const deckDir = join(dir, 'no-csp');
    mkdirSync(deckDir, { recursive: true });
    writeFileSync(
      join(deckDir, 'handout.html'),
      `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Ohne CSP</title>
<link rel="stylesheet" href="${base}/font.css">
<style>@page { size: A4; margin: 20mm; }</style></head>
<body><h1>Ohne CSP</h1><img src="${base}/pixel.png" alt=""></body></html>`,
    );
    const mgr = new BrowserManager({ timeoutMs: 30_000 });
    try {
      const seen: string[] = [];
      const r = await printHandout(mgr, deckDir, join(deckDir, 'out.pdf'), {
        metadata: pdfMetadata(
          { title: 'Ohne CSP', lang: 'de', nonpublic: false, labels: { agendaItem: 'TOP', nonpublic: 'NICHTÖFFENTLICH' } },
          { version: '0.0.0' },
        ),
        onBlocked: (u) => seen.push(u),
      });
      expect(seen.sort()).toEqual([`${base}/font.css`, `${base}/pixel.png`]);
      expect(r.blocked.sort()).toEqual(seen);
      expect(r.pages).toBe(1);
    } finally {
      await mgr.close();
    }
    expect(hits).toEqual([]);
  });
});
