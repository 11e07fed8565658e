/**
 * The `serve` error overlay shows the same short list as `validate` (issue 11: a tab in a _data
 * file filled it with hundreds of parser errors): capProblems, a few per file and "… and N more".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startServer, type ServeHandle } from '../../src/serve/server.js';

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');

const open: { dir: string; server: ServeHandle }[] = [];
afterAll(async () => {
  for (const o of open) {
    await o.server.close();
    rmSync(o.dir, { recursive: true, force: true });
  }
});

/** A project of these files, served; returns its folder, the overlay's lines and what the terminal got. */
async function serve(files: Record<string, string>): Promise<{ dir: string; shown: string[]; log: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-overlay-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const log: string[] = [];
  const server = await startServer({
    target: join(dir, 'deck.yaml'),
    cwd: dir,
    port: 0,
    watchBuiltin: false,
    reporter: { info: (m) => log.push(m), warn: (m) => log.push(`warning: ${m}`), error: (m) => log.push(`error: ${m}`), problem: (p) => log.push(`${p.file}:${p.line}:${p.col}: ${p.message}`) },
  });
  open.push({ dir, server });
  const res = await fetch(`http://127.0.0.1:${server.port}/deck/`);
  expect(res.status).toBe(500);
  const html = await res.text();
  const shown = [...html.matchAll(/<li[^>]*><code[^>]*>([^<]*)<\/code><\/li>/g)].map((m) => decode(m[1]!));
  return { dir, shown, log };
}

const RATSDECK = 'committees:\n  - { id: hfa, name: Haupt- und Finanzausschuss }\n';

describe('ratsdeck serve: the overlay lists what validate prints', () => {
  it('ten wrong categories: eight, the rest counted, then the deck\'s own problem', async () => {
    const { dir, shown, log } = await serve({
      'ratsdeck.yaml': RATSDECK,
      'deck.yaml': 'title: Viele Fehler\nsession: { committee: Haupt- und Finanzausschuss, date: 2021-05-20 }\nslides:\n  - type: activities\n',
      '_data/activities.yaml': Array.from({ length: 10 }, (_, i) => `- { id: a${i}, title: A${i}, category: Bürgerservice }`).join('\n') + '\n',
    });
    const v = await runCli(['validate'], dir);
    expect(shown).toEqual(v.stderr.trimEnd().split('\n').slice(0, -1));
    expect(shown).toHaveLength(10);
    expect(shown[0]).toMatch(/^_data\/activities\.yaml:1:\d+: activities\[0\]\.category: /);
    expect(shown[8]).toBe('_data/activities.yaml: … and 2 more problems in this file (fix these first; ratsdeck validate --json lists them all)');
    expect(shown[9]).toMatch(/^deck\.yaml:2:23: session\.committee: unknown committee id "Haupt- und Finanzausschuss" \(did you mean "hfa"/);
    // The terminal gets the same ten lines, once.
    expect(log.filter((l) => l.startsWith('/') || l.includes('… and'))).toHaveLength(10);
  });

  it('a file indented with tabs: one line', async () => {
    const { shown } = await serve({
      'ratsdeck.yaml': RATSDECK,
      'deck.yaml': 'title: Tabs\nslides:\n  - type: networks\n',
      '_data/networks.yaml': Array.from({ length: 30 }, (_, i) => `- id: n${i}\n\tname: N${i}\n`).join(''),
    });
    expect(shown).toEqual(['_data/networks.yaml:2:1: YAML syntax: a tab is used for indentation (indent with spaces, not tabs; there are tabs on lines 4, 6, 8, 10 and 25 more too)']);
  });
});
