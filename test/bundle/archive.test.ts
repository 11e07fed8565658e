// needs: browser
/**
 * The session archive, out/index.html (issue 5): every deck built into the output folder for the
 * build's audience, newest first, with committee, date, TOP, Vorlage, result and links to what
 * exists. It loads nothing (no scripts, no remote URLs, a CSP that allows nothing else) and works
 * from file:// — checked in the real Chromium through src/browser.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFile, MANIFEST, writeArchive as writeArchiveTo, type DeckManifest } from '../../src/bundle/archive.js';
import { NONPUBLIC_RECORD_FILE, OutputRoot, RECORD_FILE } from '../../src/output/root.js';
import { outputNamesFor } from '../../src/model/outputs.js';
import { BrowserManager, withPage } from '../../src/browser/index.js';
import { main } from '../../src/cli/main.js';
import { browserPath } from '../browser/chromium.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sessions');
const CHROMIUM = browserPath();

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-archive-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One output folder with its manifest and the given files, recorded as ratsdeck's unless `record` is false. */
function deckFolder(out: string, m: Omit<DeckManifest, 'format'>, files: string[] = [outputNamesFor(m.outputId).deck], folder = m.outputId, record = true): void {
  const dir = join(out, folder);
  mkdirSync(dir, { recursive: true });
  // A non-public build's own files carry the suffix too (ratsdeck-nichtoeffentlich.json).
  writeFileSync(join(dir, outputNamesFor(folder).manifest), JSON.stringify({ format: 1, ...m }));
  for (const f of files) writeFileSync(join(dir, f), 'x');
  if (!record) return;
  const pdfs = Object.fromEntries(files.filter((f) => f.endsWith('.pdf')).map((f) => [f, { from: f.includes('-handout') ? 'handout' : 'slides', digest: 'd' }]));
  addRecord(out, folder, { kind: 'deck-folder', audience: m.audience, files: [outputNamesFor(folder).manifest, ...files].sort(), pdfs });
}

/** Adds an entry to the output folder's record (what ratsdeck wrote there). */
function addRecord(out: string, name: string, entry: Record<string, unknown>): void {
  const file = join(out, entry.audience === 'nonpublic' ? NONPUBLIC_RECORD_FILE : RECORD_FILE);
  const rec = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { format: 1, about: '', entries: {} };
  rec.entries[name] = entry;
  writeFileSync(file, JSON.stringify(rec));
}

/** writeArchive on the output folder `out` (no project of its own). */
function writeArchive(out: string, audience: 'public' | 'nonpublic', opts: Parameters<typeof writeArchiveTo>[2]): string {
  return writeArchiveTo(OutputRoot.open(out, join(tmp, 'no-project')), audience, opts);
}

interface Row {
  cells: string[];
  links: { href: string; text: string }[];
}

/** The archive's table rows (thead left out), cells as text. */
function rows(html: string): Row[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => ({
    cells: [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' ').trim()),
    links: [...m[1]!.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)].map((a) => ({ href: a[1]!, text: a[2]! })),
  }));
}

/** A folder as `ratsdeck build` leaves it: public and non-public builds of the same decks side by side. */
function mixedOut(): string {
  const out = join(tmp, `out-${Math.random().toString(36).slice(2)}`);
  const common = { committee: 'Haupt- und Finanzausschuss', paper: 'ST/0027/2021' };
  deckFolder(out, { ...common, outputId: '2021-05-hfa', audience: 'public', title: 'Mai-Bericht', date: '2021-05-20', time: '17:00 Uhr', agendaItem: 'Ö 5', result: 'zur Kenntnis genommen (12 Ja, 0 Nein, 1 Enthaltungen)' }, [
    'index.html',
    '2021-05-hfa.pdf',
    '2021-05-hfa-handout.pdf',
  ]);
  deckFolder(out, { ...common, outputId: '2021-09-hfa', audience: 'public', title: 'September-Bericht', date: '2021-09-23', agendaItem: 'Ö 4' });
  writeFileSync(join(out, '2021-09-hfa.html'), 'single file');
  addRecord(out, '2021-09-hfa.html', { kind: 'deck-file', audience: 'public' });
  // The slides PDF only (printed with --no-handout), and no HTML left.
  deckFolder(out, { outputId: '2021-06-hsk', audience: 'public', title: 'Juni-Bericht', date: '2021-06-16', committee: 'Haushaltsstrukturkommission' }, ['2021-06-hsk.pdf']);
  // Non-public builds in the same folder.
  deckFolder(out, { ...common, outputId: '2021-05-hfa-nichtoeffentlich', audience: 'nonpublic', title: 'Mai-Bericht', date: '2021-05-20', agendaItem: 'Ö 5' }, [
    'index-nichtoeffentlich.html',
    '2021-05-hfa-nichtoeffentlich.pdf',
  ]);
  deckFolder(out, { ...common, outputId: 'vergabe-nichtoeffentlich', audience: 'nonpublic', title: 'Vergabe Rahmenvertrag', date: '2021-09-23', agendaItem: 'N 2', result: 'einstimmig beschlossen' });
  // Folders that are not (or not rightly) deck outputs.
  mkdirSync(join(out, 'assets'));
  deckFolder(out, { outputId: 'anderer-name', audience: 'public', title: 'Kopierter Ordner' }, ['index.html'], 'kopie');
  deckFolder(out, { outputId: '.versteckt', audience: 'public', title: 'Versteckt' }, ['index.html'], '.versteckt', false);
  mkdirSync(join(out, 'kaputt'));
  writeFileSync(join(out, 'kaputt', MANIFEST), '{ not json');
  return out;
}

describe('writeArchive', () => {
  it('lists the public decks newest first, with committee, date, time, TOP, Vorlage and result', () => {
    const out = mixedOut();
    const file = writeArchive(out, 'public', { lang: 'de', city: 'Stadt Beispielstadt' });
    expect(file).toBe(join(out, 'index.html'));
    expect(archiveFile(out, 'public')).toBe(file);
    const html = readFileSync(file, 'utf8');
    expect(rows(html).map((r) => r.cells.slice(0, 6))).toEqual([
      ['23.09.2021', 'Haupt- und Finanzausschuss', 'Ö 4', 'September-Bericht', 'ST/0027/2021', ''],
      ['16.06.2021', 'Haushaltsstrukturkommission', '', 'Juni-Bericht', '', ''],
      ['20.05.2021 17:00 Uhr', 'Haupt- und Finanzausschuss', 'Ö 5', 'Mai-Bericht', 'ST/0027/2021', 'zur Kenntnis genommen (12 Ja, 0 Nein, 1 Enthaltungen)'],
    ]);
    expect(html).toContain('<th scope="col">Datum</th><th scope="col">Gremium</th><th scope="col">TOP</th><th scope="col">Foliensatz</th><th scope="col">Vorlage</th><th scope="col">Ergebnis</th>');
    expect(html).toContain('<title>Sitzungsarchiv – Stadt Beispielstadt</title>');
  });

  it('links the HTML deck, the single file and the PDFs only when those files exist', () => {
    const out = mixedOut();
    const html = readFileSync(writeArchive(out, 'public', { lang: 'de' }), 'utf8');
    expect(rows(html).map((r) => r.links)).toEqual([
      [
        { href: '2021-09-hfa/index.html', text: 'Folien (HTML)' },
        { href: '2021-09-hfa.html', text: 'Folien (HTML) (1 Datei)' },
      ],
      [{ href: '2021-06-hsk/2021-06-hsk.pdf', text: 'Folien (PDF)' }],
      [
        { href: '2021-05-hfa/index.html', text: 'Folien (HTML)' },
        { href: '2021-05-hfa/2021-05-hfa.pdf', text: 'Folien (PDF)' },
        { href: '2021-05-hfa/2021-05-hfa-handout.pdf', text: 'Tischvorlage (PDF)' },
      ],
    ]);
    for (const r of rows(html)) for (const l of r.links) expect(existsSync(join(out, l.href)), l.href).toBe(true);
  });

  it('marks a draft build "Entwurf" and links its draft PDFs and its draft single file', () => {
    const out = join(tmp, 'drafts');
    deckFolder(out, { outputId: 'bericht', audience: 'public', title: 'Entwurfsbericht', date: '2021-05-20', draft: true }, [
      'index.html',
      'bericht-entwurf.pdf',
      'bericht-handout-entwurf.pdf',
    ]);
    writeFileSync(join(out, 'bericht-entwurf.html'), 'single file');
    addRecord(out, 'bericht-entwurf.html', { kind: 'deck-file', audience: 'public' });
    deckFolder(out, { outputId: 'final', audience: 'public', title: 'Endfassung', date: '2021-05-19' }, ['index.html', 'final.pdf']);
    const html = readFileSync(writeArchive(out, 'public', { lang: 'de' }), 'utf8');
    expect(rows(html).map((r) => [r.cells[3], r.links])).toEqual([
      [
        'Entwurfsbericht Entwurf',
        [
          { href: 'bericht/index.html', text: 'Folien (HTML)' },
          { href: 'bericht-entwurf.html', text: 'Folien (HTML) (1 Datei, Entwurf)' },
          { href: 'bericht/bericht-entwurf.pdf', text: 'Folien (PDF)' },
          { href: 'bericht/bericht-handout-entwurf.pdf', text: 'Tischvorlage (PDF)' },
        ],
      ],
      ['Endfassung', [{ href: 'final/index.html', text: 'Folien (HTML)' }, { href: 'final/final.pdf', text: 'Folien (PDF)' }]],
    ]);
  });

  it('never lists a non-public build in the public archive, even in the same folder', () => {
    const out = mixedOut();
    const html = readFileSync(writeArchive(out, 'public', { lang: 'de' }), 'utf8');
    expect(html).not.toMatch(/nichtoeffentlich|Vergabe|N 2|einstimmig/);
    expect(html).not.toMatch(/NICHTÖFFENTLICH/);
    // Nor a folder whose manifest names another output, a hidden one, or a broken manifest.
    expect(html).not.toMatch(/Kopierter Ordner|Versteckt|kaputt/);
  });

  it('lists only the non-public builds in index-nichtoeffentlich.html, marked NICHTÖFFENTLICH', () => {
    const out = mixedOut();
    const file = writeArchive(out, 'nonpublic', { lang: 'de', city: 'Stadt Beispielstadt' });
    expect(file).toBe(join(out, 'index-nichtoeffentlich.html'));
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<title>Sitzungsarchiv – Stadt Beispielstadt – NICHTÖFFENTLICH</title>');
    expect(html).toContain('<p class="np">NICHTÖFFENTLICH</p>');
    expect(rows(html).map((r) => [r.cells[0], r.cells[2], r.cells[3], r.cells[5], r.links.map((l) => l.href)])).toEqual([
      ['23.09.2021', 'N 2', 'Vergabe Rahmenvertrag', 'einstimmig beschlossen', ['vergabe-nichtoeffentlich/index-nichtoeffentlich.html']],
      ['20.05.2021', 'Ö 5', 'Mai-Bericht', '', ['2021-05-hfa-nichtoeffentlich/index-nichtoeffentlich.html', '2021-05-hfa-nichtoeffentlich/2021-05-hfa-nichtoeffentlich.pdf']],
    ]);
    // The public archive next to it is not touched.
    expect(existsSync(join(out, 'index.html'))).toBe(false);
  });

  it('loads nothing: no script, no stylesheet or image from elsewhere, no remote URL, a CSP that allows nothing else', () => {
    const out = mixedOut();
    for (const audience of ['public', 'nonpublic'] as const) {
      const html = readFileSync(writeArchive(out, audience, { lang: 'de', colour: '#123456' }), 'utf8');
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/<link/i);
      expect(html).not.toMatch(/\bsrc=/i);
      expect(html).not.toMatch(/https?:/i);
      expect(html).not.toMatch(/@import|url\(/i);
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file: data:">`);
      expect(html).toContain('border-top: 10px solid #123456');
    }
  });

  it('escapes what a manifest says, and takes only a #RRGGBB colour', () => {
    const out = join(tmp, 'escaping');
    deckFolder(out, { outputId: 'boese', audience: 'public', title: '<script>alert(1)</script>', result: '<img src=x onerror=alert(1)>' });
    const html = readFileSync(writeArchive(out, 'public', { lang: 'de', colour: 'red;}</style><script>alert(1)</script>' }), 'utf8');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('border-top: 10px solid #00508c');
  });

  it('says so when there is nothing to list', () => {
    const out = join(tmp, 'leer');
    mkdirSync(out);
    const html = readFileSync(writeArchive(out, 'public', { lang: 'de' }), 'utf8');
    expect(rows(html).map((r) => r.cells)).toEqual([['Keine Einträge']]);
  });
});

describe('ratsdeck build writes the archive, and it works from file:// in Chromium', () => {
  let project: string;
  let out: string;
  let mgr: BrowserManager;

  async function run(...argv: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = '';
    const code = await main(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, cwd: project, env: process.env });
    return { code, stderr };
  }

  beforeAll(async () => {
    project = join(tmp, 'projekt');
    out = join(tmp, 'projekt-out');
    cpSync(FIXTURE, project, { recursive: true });
    // Present, freeze, prepare the next session; build both audiences into one folder, print the first deck.
    for (const argv of [
      ['freeze', '2021-05-hfa', '--nonpublic', '--from-current-data'],
      ['new', '2021-09-hfa.yaml', '--from', '2021-05-hfa', '--date', '2021-09-23', '--top', 'Ö 4'],
      ['build', '--out', out],
      ['build', '--nonpublic', '--out', out],
      ['pdf', '2021-05-hfa.yaml', '--out', out, '--browser', CHROMIUM],
    ]) {
      const r = await run(...argv);
      expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    }
    mgr = new BrowserManager({ browser: CHROMIUM });
  }, 180_000);

  afterAll(async () => {
    await mgr?.close();
  });

  it('lists the session decks newest first, with their result, and the PDFs that were printed', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(rows(html).map((r) => [...r.cells.slice(0, 6), r.links.map((l) => l.href)])).toEqual([
      ['23.09.2021 17:00 Uhr', 'Haupt- und Finanzausschuss', 'Ö 4', 'Digitalisierung der Verwaltung', 'ST/0027/2021', '', ['2021-09-hfa/index.html']],
      [
        '20.05.2021 17:00 Uhr',
        'Haupt- und Finanzausschuss',
        'Ö 5',
        'Digitalisierung der Verwaltung',
        'ST/0027/2021',
        'zur Kenntnis genommen (12 Ja, 0 Nein, 1 Enthaltungen)',
        ['2021-05-hfa/index.html', '2021-05-hfa/2021-05-hfa.pdf', '2021-05-hfa/2021-05-hfa-handout.pdf'],
      ],
    ]);
    expect(html).not.toContain('nichtoeffentlich');
    const np = readFileSync(join(out, 'index-nichtoeffentlich.html'), 'utf8');
    expect(rows(np).map((r) => r.links[0]?.href)).toEqual(['2021-09-hfa-nichtoeffentlich/index-nichtoeffentlich.html', '2021-05-hfa-nichtoeffentlich/index-nichtoeffentlich.html']);
  });

  // BUG (src/bundle/archive.ts writeArchive with src/bundle/bundle.ts writeSingleFile): a single
  // file gets no manifest, and the archive lists only folders that carry one, so
  // `ratsdeck build --single-file` into a fresh folder writes an index.html that says
  // "Keine Einträge" next to the two decks it just wrote.
  it('lists the decks of a --single-file build', async () => {
    const single = join(tmp, 'projekt-single');
    expect((await run('build', '--single-file', '--out', single)).code).toBe(0);
    expect(existsSync(join(single, '2021-05-hfa.html'))).toBe(true);
    const html = readFileSync(join(single, 'index.html'), 'utf8');
    expect(rows(html).map((r) => r.links.map((l) => l.href))).toEqual([['2021-09-hfa.html'], ['2021-05-hfa.html']]);
  });

  it('opens from file:// and requests nothing but itself; its links point at files that exist', async () => {
    for (const page of ['index.html', 'index-nichtoeffentlich.html']) {
      const file = join(out, page);
      const url = pathToFileURL(file).href;
      const requests: string[] = [];
      const blocked: string[] = [];
      const errors: string[] = [];
      const result = await withPage(mgr, { allowedDir: out, onBlocked: (u) => blocked.push(u) }, async (p) => {
        p.on('request', (r) => requests.push(r.url()));
        p.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        p.on('pageerror', (e) => errors.push(String(e)));
        await mgr.step(p.goto(url, { waitUntil: 'load' }), `loading ${page}`);
        return p.evaluate(() => ({
          title: document.title,
          rows: document.querySelectorAll('tbody tr').length,
          links: [...document.querySelectorAll('a')].map((a) => (a as HTMLAnchorElement).href),
          scripts: document.scripts.length,
        }));
      });
      expect(requests).toEqual([url]);
      expect(blocked).toEqual([]);
      expect(errors).toEqual([]);
      expect(result.scripts).toBe(0);
      expect(result.rows).toBe(2);
      expect(result.title).toBe(page === 'index.html' ? 'Sitzungsarchiv – Stadt Beispielstadt' : 'Sitzungsarchiv – Stadt Beispielstadt – NICHTÖFFENTLICH');
      expect(result.links.length).toBeGreaterThan(1);
      for (const href of result.links) {
        expect(href.startsWith('file://'), href).toBe(true);
        const target = resolve(decodeURIComponent(new URL(href).pathname));
        expect(dirname(target).startsWith(out), href).toBe(true);
        expect(existsSync(target), href).toBe(true);
      }
    }
  });
});
