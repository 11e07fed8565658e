/**
 * `ratsdeck serve` sees every save of every file a deck is made of (issue 11, finding 6): a save
 * in place and a save by writing a temporary file and renaming it over the old one (git
 * checkout, vim, `sed -i`), delete and re-create, files and folders created after the start.
 * Each save gives exactly one rebuild; out/, node_modules/ and .git/ give none.
 *
 * "Exactly one" is checked by waiting a while after the rebuild for a second one; waits are
 * generous and nothing here asserts how long anything took.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../src/serve/entry.js';
import { startServer, type ServeHandle } from '../../src/serve/server.js';
import { WatchTargets } from '../../src/serve/targets.js';
import { onlyWith } from '../helpers/platform.js';
import { REPO, SseClient, reloadOf, type SseEvent } from './helpers.js';

const FIXTURE = join(REPO, 'test', 'fixtures', 'valid');
const WAIT = 20_000;
/** After a rebuild, how long a second one (from the same save) is waited for. */
const QUIET = 700;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const svg = (text: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><title>${text}</title><text x="10" y="50">${text}</text></svg>\n`;

/** The small example project, with a theme, a template, an image outside assets/ and _sessions/. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-watch-'));
  cpSync(FIXTURE, dir, { recursive: true });
  const deck = join(dir, 'deck.yaml');
  writeFileSync(
    deck,
    readFileSync(deck, 'utf8').replace(/^title: .*$/m, 'title: Titel-0\ntheme: themes/eigen.css') +
      '  - type: text\n    title: Karte\n    body: Text-0\n    image: { src: bilder/karte.svg, alt: Karte }\n',
  );
  mkdirSync(join(dir, 'themes'));
  writeFileSync(join(dir, 'themes', 'eigen.css'), ':root { --rd-accent: #103050; }\n');
  mkdirSync(join(dir, 'bilder'));
  writeFileSync(join(dir, 'bilder', 'karte.svg'), svg('Karte-0'));
  mkdirSync(join(dir, 'templates', 'slides'), { recursive: true });
  const text = readFileSync(join(REPO, 'templates', 'slides', 'text.hbs'), 'utf8');
  writeFileSync(join(dir, 'templates', 'slides', 'text.hbs'), `${text}<p>Vorlage-0</p>\n`);
  return dir;
}

type Save = 'in place' | 'rename over' | 'delete and re-create';

/** Saves `file` with `change` applied, the way an editor or a tool does. */
function save(how: Save, file: string, change: (text: string) => string): void {
  const text = readFileSync(file, 'utf8');
  const next = change(text);
  if (next === text) throw new Error(`${file}: the change changes nothing`);
  if (how === 'in place') writeFileSync(file, next);
  else if (how === 'rename over') {
    // Like `sed -i`: a visible temporary file next to it, renamed over the original.
    const tmp = join(dirname(file), `sed${Math.random().toString(36).slice(2, 8)}`);
    writeFileSync(tmp, next);
    renameSync(tmp, file);
  } else {
    rmSync(file);
    writeFileSync(file, next);
  }
}

describe('ratsdeck serve: watching', () => {
  let dir: string;
  let server: ServeHandle;
  let sse: SseClient;
  const log: string[] = [];
  const rebuilds = (from: number, id = 'deck') => log.slice(from).filter((l) => l.startsWith(`rebuilt ${id} `)).length;
  const page = async (id = 'deck') => (await fetch(`http://127.0.0.1:${server.port}/${id}/`)).text();

  async function until(pred: () => boolean, what: string): Promise<void> {
    const end = Date.now() + WAIT;
    while (!pred()) {
      if (Date.now() > end) throw new Error(`${what}: not within ${WAIT} ms; log: ${log.join(' | ')}`);
      await sleep(20);
    }
  }

  /** Runs `act`, waits for its rebuild (and reload, if `reload`), and checks there is no second one. */
  async function oneRebuild(act: () => void, opts: { reload?: boolean; id?: string } = {}): Promise<SseEvent | undefined> {
    const id = opts.id ?? 'deck';
    const from = log.length;
    const events = sse.events.length;
    act();
    const ev = opts.reload === false ? undefined : await sse.waitFor(reloadOf(id, true), WAIT, events);
    await until(() => rebuilds(from, id) >= 1, `a rebuild of ${id}`);
    await sleep(QUIET);
    expect(rebuilds(from, id), `rebuilds of ${id}; log: ${log.slice(from).join(' | ')}`).toBe(1);
    expect(log.slice(from).filter((l) => /^(error|warning)/.test(l))).toEqual([]);
    return ev;
  }

  beforeAll(async () => {
    dir = project();
    server = await startServer({
      target: dir,
      cwd: dir,
      port: 0,
      watchBuiltin: false,
      reporter: {
        info: (m) => log.push(m),
        warn: (m) => log.push(`warning: ${m}`),
        error: (m) => log.push(`error: ${m}`),
        problem: (p) => log.push(`${p.severity}: ${p.file}:${p.line}:${p.col}: ${p.message}`),
      },
    });
    expect(log.filter((l) => /^(error|warning)/.test(l))).toEqual([]);
    sse = new SseClient(`http://127.0.0.1:${server.port}/__ratsdeck/events?deck=deck`);
    await sse.connected;
    const html = await page();
    for (const marker of ['Titel-0', 'Text-0', 'Vorlage-0', 'Stadt Beispielstadt']) expect(html).toContain(marker);
  });

  afterAll(async () => {
    sse?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Renamed first: the bug was that after a rename even saves in place were missed.
  const kinds: Save[] = ['rename over', 'in place', 'rename over', 'in place'];
  const both: Save[] = ['rename over', 'in place'];

  it('the deck file: every save, renamed or in place, is one rebuild', async () => {
    for (const [i, how] of kinds.entries()) {
      await oneRebuild(() => save(how, join(dir, 'deck.yaml'), (t) => t.replace(/Titel-\d+/, `Titel-${i + 1}`)));
      expect(await page(), how).toContain(`Titel-${i + 1}`);
    }
  });

  it('ratsdeck.yaml', async () => {
    for (const [i, how] of both.entries()) {
      await oneRebuild(() => save(how, join(dir, 'ratsdeck.yaml'), (t) => t.replace(/name: Stadt Beispiel\S*/, `name: Stadt Beispiel${i}`)));
      expect(await page(), how).toContain(`Stadt Beispiel${i}`);
    }
  });

  it('_data/ files, also in a subfolder, and delete + re-create', async () => {
    const activities = join(dir, '_data', 'activities.yaml');
    for (const [i, how] of [...kinds, 'delete and re-create' as const, 'in place' as const].entries()) {
      await oneRebuild(() => save(how, activities, (t) => t.replace(/^(\s+title: )(.*)$/m, `$1Vorhaben-${i}`)));
      expect(await page(), how).toContain(`Vorhaben-${i}`);
    }
    const members = join(dir, '_data', 'itBeirat', 'members.yaml');
    for (const [i, how] of both.entries()) {
      await oneRebuild(() => save(how, members, (t) => t.replace(/affiliation: Hochschule\S*/, `affiliation: Hochschule-${i}`)));
      expect(await page(), how).toContain(`Hochschule-${i}`);
    }
  });

  it('a theme, a template and the images a deck uses', async () => {
    const css = join(dir, 'themes', 'eigen.css');
    const template = join(dir, 'templates', 'slides', 'text.hbs');
    const image = join(dir, 'bilder', 'karte.svg');
    for (const [i, how] of [...both, 'delete and re-create' as const].entries()) {
      await oneRebuild(() => save(how, css, (t) => t.replace(/#\d0\d0\d0/, `#${i}0${i}0${i}0`)));
      await oneRebuild(() => save(how, template, (t) => t.replace(/Vorlage-\d+/, `Vorlage-${i + 1}`)));
      expect(await page(), how).toContain(`Vorlage-${i + 1}`);
      await oneRebuild(() => save(how, image, () => svg(`Karte-${i + 1}`)));
    }
    const png = join(dir, 'assets', 'wappen.png');
    const bytes = readFileSync(png);
    await oneRebuild(() => {
      writeFileSync(png + '.tmp', Buffer.concat([bytes, Buffer.from([0])]));
      renameSync(png + '.tmp', png);
    });
    await oneRebuild(() => writeFileSync(png, bytes));
  });

  it('files and folders created after the start: a _data file, a _data folder with a file, _sessions/, a deck', async () => {
    await oneRebuild(() => writeFileSync(join(dir, '_data', 'neu.yaml'), 'extra: 1\n'), { reload: false });
    await oneRebuild(
      () => {
        mkdirSync(join(dir, '_data', 'mehr'));
        writeFileSync(join(dir, '_data', 'mehr', 'weitere.yaml'), 'weitere: 1\n');
      },
      { reload: false },
    );
    // The new folder is watched: its file's saves count like the others'.
    for (const how of both) await oneRebuild(() => save(how, join(dir, '_data', 'mehr', 'weitere.yaml'), (t) => `${t}# ${how}\n`), { reload: false });
    await oneRebuild(
      () => {
        mkdirSync(join(dir, '_sessions'));
        writeFileSync(join(dir, '_sessions', 'notiz.json'), '{}\n');
      },
      { reload: false },
    );
    for (const how of both) await oneRebuild(() => save(how, join(dir, '_sessions', 'notiz.json'), (t) => `${t} `), { reload: false });

    // A new deck, and saves of it.
    const events = sse.events.length;
    const from = log.length;
    writeFileSync(join(dir, 'zweites.yaml'), readFileSync(join(dir, 'deck.yaml'), 'utf8').replace(/Titel-\d+/, 'Zweites-0'));
    await sse.waitFor((e) => e.event === 'reload' && (JSON.parse(e.data) as { deck: unknown }).deck === null, WAIT, events);
    await until(() => rebuilds(from, 'zweites') >= 1, 'the new deck built');
    expect(await page('zweites')).toContain('Zweites-0');
    for (const [i, how] of both.entries()) {
      await oneRebuild(() => save(how, join(dir, 'zweites.yaml'), (t) => t.replace(/Zweites-\d+/, `Zweites-${i + 1}`)), { id: 'zweites', reload: false });
      expect(await page('zweites'), how).toContain(`Zweites-${i + 1}`);
    }
  });

  it('out/, node_modules/ and .git/ are not watched', async () => {
    const from = log.length;
    for (const sub of ['out/deck', 'node_modules/x', '.git/refs']) {
      mkdirSync(join(dir, sub), { recursive: true });
      writeFileSync(join(dir, sub, 'index.yaml'), 'x: 1\n');
      writeFileSync(join(dir, sub, 'index.yaml.tmp'), 'x: 2\n');
      renameSync(join(dir, sub, 'index.yaml.tmp'), join(dir, sub, 'index.yaml'));
    }
    // Editors' swap and backup files next to watched files are not saves either.
    writeFileSync(join(dir, '_data', '.activities.yaml.swp'), 'x');
    writeFileSync(join(dir, '_data', 'activities.yaml~'), 'x');
    writeFileSync(join(dir, '_data', '4913'), '');
    await sleep(4 * QUIET);
    expect(log.slice(from).filter((l) => l.startsWith('rebuilt'))).toEqual([]);
    // …while a save next to them still is.
    await oneRebuild(() => save('rename over', join(dir, 'deck.yaml'), (t) => t.replace(/Titel-\d+/, 'Titel-99')));
  });
});

describe('ratsdeck serve: what is watched', () => {
  const root = join(tmpdir(), 'rd-project');
  const entry = (file: string, inputs: string[] = []): Entry =>
    ({ file, id: 'x', version: '1', good: { inputs } }) as unknown as Entry;

  it('prunes the project to the folders decks are made of', () => {
    const t = new WatchTargets({ root, configFile: join(root, 'ratsdeck.yaml') }, { kind: 'deck', file: join(root, 'decks', 'a.yaml') }, false);
    t.update([entry(join(root, 'decks', 'a.yaml'), [join(root, 'bilder', 'karte.png'), join(root, 'node_modules', 'x', 'y.js')])]);
    const dir = { isDirectory: () => true } as never;
    const file = { isDirectory: () => false } as never;
    for (const p of ['', '_data', '_data/a/b', 'templates/slides', 'themes', 'assets/x', '_sessions', 'decks', 'bilder']) expect(t.ignored(join(root, p), dir), p).toBe(false);
    for (const p of ['ratsdeck.yaml', 'decks/b.yaml', 'bilder/neu.png', '_data/a/b/c.yaml']) expect(t.ignored(join(root, p), file), p).toBe(false);
    for (const p of ['out', 'out/a', 'node_modules', 'node_modules/x', '.git', 'docs', 'decks/alt', 'bilder/sub', '_data/.cache']) expect(t.ignored(join(root, p), dir), p).toBe(true);
    for (const p of ['docs/a.yaml', '_data/.x.yaml.swp', '_data/x.yaml~', '_data/4913', 'out/index.html']) expect(t.ignored(join(root, p), file), p).toBe(true);
    // Without stats chokidar asks again with them: keep what may be a watched file or folder.
    expect(t.ignored(join(root, 'decks', 'c.yaml'))).toBe(false);
    expect(t.ignored(join(root, 'docs', 'c'))).toBe(true);
    expect(t.ignored(join(tmpdir(), 'elsewhere'))).toBe(true);
  });

  it('names the folders a build newly reads from, so that the watcher scans them', () => {
    const t = new WatchTargets({ root }, { kind: 'deck', file: join(root, 'a.yaml') }, false);
    expect(t.update([entry(join(root, 'a.yaml'))])).toEqual([]);
    expect(t.update([entry(join(root, 'a.yaml'), [join(root, 'img', 'x', 'a.png')])])).toEqual([join(root, 'img')]);
    expect(t.ignored(join(root, 'img'), { isDirectory: () => true } as never)).toBe(false);
    expect(t.update([entry(join(root, 'a.yaml'), [join(root, 'img', 'x', 'a.png')])])).toEqual([]);
  });

  it('in a project folder, watches the folders decks are found in', () => {
    const t = new WatchTargets({ root }, { kind: 'folder', dir: root }, false);
    const dir = { isDirectory: () => true } as never;
    expect(t.ignored(join(root, '2021', 'herbst'), dir)).toBe(false);
    expect(t.ignored(join(root, '2021', '_entwurf'), dir)).toBe(true);
    expect(t.relevant(join(root, '2021', 'neu.yaml'), [])).toBe(true);
    expect(t.relevant(join(root, 'README.md'), [])).toBe(false);
  });
});

describe('ratsdeck serve: the real process', () => {
  // On Windows child.kill('SIGINT') ends the process outright, so its exit code says nothing.
  onlyWith(['posix'], 'ends serve with SIGINT (on Windows a signal kills the process outright)').it('sees a save by rename, and exits by itself on Ctrl-C (no watcher left open)', async () => {
    const dir = project();
    const child = spawn(process.execPath, [join(REPO, 'bin', 'ratsdeck.js'), 'serve', 'deck.yaml', '--port', '0'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (c: Buffer) => {
          stderr += c.toString();
          const m = /serving (http:\/\/127\.0\.0\.1:\d+\/deck\/)/.exec(stderr);
          if (m) resolve(m[1]!);
        });
        child.on('exit', () => reject(new Error(`exited early; stderr: ${stderr}`)));
      });
      const sse = new SseClient(new URL('/__ratsdeck/events?deck=deck', url).href);
      await sse.connected;
      save('rename over', join(dir, 'deck.yaml'), (t) => t.replace(/Titel-\d+/, 'Titel-R'));
      await sse.waitFor(reloadOf('deck', true), WAIT);
      expect(await (await fetch(url)).text()).toContain('Titel-R');
      const from = sse.events.length;
      save('in place', join(dir, 'deck.yaml'), (t) => t.replace(/Titel-R/, 'Titel-P'));
      await sse.waitFor(reloadOf('deck', true), WAIT, from);
      expect(await (await fetch(url)).text()).toContain('Titel-P');
      child.kill('SIGINT');
      // bin/ratsdeck.js sets process.exitCode and never calls process.exit: the process ends
      // only when nothing (no watcher, no socket) is left open.
      expect(await exited).toBe(0);
      expect(await sse.waitForEnd(WAIT)).toBe(true);
      expect(stderr).toMatch(/rebuilt deck .*\n[^]*rebuilt deck /);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
