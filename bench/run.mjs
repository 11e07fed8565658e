#!/usr/bin/env node
/**
 * ratsdeck benchmarks (issue 4): HTML build, PDF print, and a bare Chromium print of the same
 * built document (the floor), on the example decks, a generated 200-slide deck and a batch of
 * 20 decks. Prints a table and the ratios against the targets. Not a test: these machines are
 * shared and noisy, so run it a few times and take the medians it prints.
 *
 *   npm run build && node bench/run.mjs [--runs 3] [--skip-batch]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) > 0 && args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const SKIP_BATCH = args.includes('--skip-batch');

const { BrowserManager } = await import(join(ROOT, 'dist/browser/index.js'));
const { readPdfCatalog } = await import(join(ROOT, 'dist/print/index.js'));
/** Page count with the PDF reader ratsdeck has (no poppler needed). */
const pageCount = async (file) => (await readPdfCatalog(new Uint8Array(readFileSync(file)))).pages;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

function run(argv, cwd = ROOT) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`ratsdeck ${argv.join(' ')} exited ${r.status}`);
  }
  return ms;
}

/** A copy of the example project (without its output). */
function exampleCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-bench-'));
  cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  return dir;
}

/** A project (the example's ratsdeck.yaml and logo) with one generated deck of about `slides` slides. */
function largeDeck(dir, slides) {
  for (const f of ['_data', '_sessions', '2021-05-hfa.yaml', '2021-06-hsk.yaml', '2021-09-hfa.yaml']) rmSync(join(dir, f), { recursive: true, force: true });
  mkdirSync(join(dir, '_data'));
  const acts = [];
  const n = Math.ceil((slides - 10) / 2);
  for (let i = 0; i < n; i++) {
    acts.push(`- id: a${i}
  title: Aktivität ${i + 1} der Verwaltungsdigitalisierung
  category: ${['administration', 'smart-city', 'project', 'location'][i % 4]}
  description: Beschreibung der Aktivität ${i + 1}. Die Verwaltung setzt die Vorgaben schrittweise um; Partner sind die Fachämter.
  responsible: 10-Hauptamt
  phase: implementation
  status: { light: ${['green', 'yellow', 'red', 'grey'][i % 4]} }
  progress: ${(i * 7) % 100}
  start: 2021-01-01
  end: 2022-12-31
  milestones:
    - { title: Konzept, due: 2021-06-30, done: true }
    - { title: Umsetzung, due: 2022-06-30 }
  budget: { plan: ${100000 + i * 1000}, actual: ${50000 + i * 700}, year: 2021 }
  illustrative: true`);
  }
  writeFileSync(join(dir, '_data', 'activities.yaml'), acts.join('\n') + '\n');
  const textSlides = Math.max(0, slides - n - 10);
  const extra = Array.from({ length: textSlides }, (_, i) => `  - { type: text, title: Hinweis ${i + 1}, body: "Text ${i + 1}", notes: "Notiz ${i + 1}" }`).join('\n');
  writeFileSync(
    join(dir, 'gross.yaml'),
    `title: Großer Foliensatz
session: { committee: hfa, date: 2021-05-20, agendaItem: Ö 5 }
paper: { reference: ST/0027/2021, subject: Test }
slides:
  - type: title
  - type: agenda
  - type: activities
  - type: activity
${extra}
  - type: timeline
  - type: budget
  - type: closing
`,
  );
  return join(dir, 'gross.yaml');
}

/** The floor: launch, open the built document, print it — nothing else. */
async function barePrint(deckDir) {
  const mgr = new BrowserManager({ handleSignals: false });
  const t0 = performance.now();
  try {
    const page = await mgr.newPage({ allowedDir: deckDir });
    await page.goto(`file://${join(deckDir, 'index.html')}?print-pdf`, { waitUntil: 'load' });
    await page.waitForSelector('html[data-rd-ready]');
    await page.pdf({ width: '1280px', height: '720px', printBackground: true, tagged: true, outline: true });
    return performance.now() - t0;
  } finally {
    await mgr.close();
  }
}

const results = [];
const row = (what, ms, note = '') => {
  results.push({ what, ms, note });
  process.stderr.write(`${what.padEnd(58)} ${fmt(ms).padStart(9)}  ${note}\n`);
};

// 1. Example decks: HTML build and PDFs, as `npm start` does.
{
  const dir = exampleCopy();
  const html = [];
  const pdf = [];
  for (let i = 0; i < RUNS; i++) {
    html.push(run(['build', dir]));
    pdf.push(run(['pdf', dir]));
  }
  row('example project: build HTML (3 decks)', median(html));
  row('example project: pdf, slides + handout (3 decks)', median(pdf));
  rmSync(dir, { recursive: true, force: true });
}

// 2. A 30-slide deck: ratsdeck's slides PDF vs. a bare print of the same document. Both in
//    this process, each with its own browser launch, alternating, so they see the same load:
//    ratsdeck's print stage (wait for reveal.js, tagged print, bookmarks, metadata and XMP with
//    pdf-lib, atomic write) against launch + load + page.pdf() and nothing else.
{
  const dir = exampleCopy();
  const deck = largeDeck(dir, 30);
  const { buildDeck } = await import(join(ROOT, 'dist/pipeline.js'));
  const { pdfTasks, runPdfTask } = await import(join(ROOT, 'dist/pdf.js'));
  const built = await buildDeck(deck, {});
  const task = pdfTasks(built, { slides: true, handout: false })[0];
  await import('pdf-lib'); // loaded once per command in real runs too; not part of a print
  const ours = [];
  const bare = [];
  for (let i = 0; i < Math.max(5, RUNS); i++) {
    const mgr = new BrowserManager({ handleSignals: false });
    const t0 = performance.now();
    try {
      await runPdfTask(mgr, task);
    } finally {
      await mgr.close();
    }
    ours.push(performance.now() - t0);
    bare.push(await barePrint(join(dir, 'out', 'gross')));
  }
  const slides = await pageCount(join(dir, 'out', 'gross', 'gross.pdf'));
  const cli = median(Array.from({ length: RUNS }, () => run(['pdf', deck, '--no-handout'])));
  const html = median(Array.from({ length: RUNS }, () => run(['build', deck])));
  row(`30-slide deck (${slides} pages): bare Chromium print of the built HTML (floor)`, median(bare));
  row('30-slide deck: ratsdeck print stage, same document', median(ours), `ratio ${(median(ours) / median(bare)).toFixed(2)}× (target ≤ 1.3×)`);
  row('30-slide deck: `ratsdeck build` (HTML only, whole command)', html);
  row('30-slide deck: `ratsdeck pdf --no-handout` (whole command)', cli, 'incl. Node start, HTML build, module loading');
  rmSync(dir, { recursive: true, force: true });
}

// 3. A 200-slide deck: slides and handout.
{
  const dir = exampleCopy();
  const deck = largeDeck(dir, 200);
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(run(['pdf', deck]));
  const pages = await pageCount(join(dir, 'out', 'gross', 'gross.pdf'));
  row(`200-slide deck (${pages} pages): pdf, slides + handout`, median(times), 'target < 15 s');
  rmSync(dir, { recursive: true, force: true });
}

// 4. 20 decks: one batch vs. 20 separate runs.
if (!SKIP_BATCH) {
  const dir = exampleCopy();
  const src = readFileSync(join(dir, '2021-06-hsk.yaml'), 'utf8');
  rmSync(join(dir, '2021-05-hfa.yaml'));
  rmSync(join(dir, '2021-06-hsk.yaml'));
  rmSync(join(dir, '2021-09-hfa.yaml'));
  rmSync(join(dir, '_sessions'), { recursive: true, force: true });
  mkdirSync(join(dir, 'batch'), { recursive: true });
  const files = [];
  for (let i = 1; i <= 20; i++) {
    const f = join(dir, `sitzung-${String(i).padStart(2, '0')}.yaml`);
    writeFileSync(f, src.replace(/^title: .*$/m, `title: Sitzung ${i}`));
    files.push(f);
  }
  const batch = run(['pdf', dir]);
  const t0 = performance.now();
  for (const f of files) run(['pdf', f]);
  const separate = performance.now() - t0;
  row('20 decks: one `ratsdeck pdf` over the project', batch);
  row('20 decks: 20 separate `ratsdeck pdf deck.yaml` runs', separate, `speed-up ${(separate / batch).toFixed(2)}× (target ≥ 2×)`);
  rmSync(dir, { recursive: true, force: true });
}

process.stdout.write(JSON.stringify({ runs: RUNS, node: process.version, results }, null, 2) + '\n');
