#!/usr/bin/env node
/**
 * ratsdeck benchmarks (issue 15). Every figure is a whole process, measured against its
 * reference in the same loop (A and B alternating, so both see the same machine load), and
 * printed as a ratio beside its target. Not a test: these machines are shared and noisy; run it
 * on a quiet machine and record the table in bench/RESULTS.md with the command.
 *
 *   npm run build && node bench/run.mjs [--runs 5] [--skip-batch] [--skip-large] [--decktape]
 *
 * CPU counts every process a command starts, Chromium's renderers included (bench/subreaper.py,
 * Linux with python3; elsewhere only wall time is shown). `--decktape` installs decktape into
 * ~/.cache/ratsdeck-bench/ (npm, no browser download) and compares `pdf --no-handout` with it;
 * never in CI.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');
const FLOOR = join(ROOT, 'bench', 'floor.mjs');
const REAPER = join(ROOT, 'bench', 'subreaper.py');
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const RUNS = opt('--runs', 5);
const has = (name) => args.includes(name);

const canReap = process.platform === 'linux' && spawnSync('python3', ['-c', 'import ctypes'], { stdio: 'ignore' }).status === 0;

/** Runs a command as a whole process: { wall, cpu, peakRssKb } (s, s, kB). */
function measure(argv, cwd) {
  if (canReap) {
    const r = spawnSync('python3', [REAPER, ...argv], { cwd, encoding: 'utf8' });
    const m = JSON.parse(r.stdout.trim().split('\n').pop());
    if (m.status !== 0) throw new Error(`${argv.join(' ')} exited ${m.status}`);
    return m;
  }
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { cwd, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}`);
  return { wall: (performance.now() - t0) / 1000, cpu: NaN, peakRssKb: NaN };
}

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A and B alternating, RUNS times each; medians of wall and CPU. */
function compare(a, b, runs = RUNS) {
  const A = [];
  const B = [];
  for (let i = 0; i < runs; i++) {
    A.push(a());
    B.push(b());
  }
  const m = (xs, k) => median(xs.map((x) => x[k]));
  return { a: { wall: m(A, 'wall'), cpu: m(A, 'cpu'), rss: Math.max(...A.map((x) => x.peakRssKb)) }, b: { wall: m(B, 'wall'), cpu: m(B, 'cpu') } };
}

const rows = [];
const s = (x) => (Number.isNaN(x) ? '–' : `${x.toFixed(2)} s`);
function row(what, ours, ref, refName, ratio, target) {
  rows.push({ what, ours, ref, refName, ratio, target });
  process.stderr.write(`${what.padEnd(50)} ${ours.padStart(22)}  ${refName}: ${ref.padStart(22)}  ${ratio.padStart(14)}  ${target}\n`);
}
const pair = (m) => `${s(m.wall)}${Number.isNaN(m.cpu) ? '' : ` (CPU ${s(m.cpu)})`}`;

/** A copy of the example project (without its output). */
function exampleCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-bench-'));
  cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  return dir;
}

/** The example project with one generated deck of about `slides` slides instead of its decks. */
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
  const extra = Array.from({ length: Math.max(0, slides - n - 10) }, (_, i) => `  - { type: text, title: Hinweis ${i + 1}, body: "Text ${i + 1}", notes: "Notiz ${i + 1}" }`).join('\n');
  writeFileSync(
    join(dir, 'gross.yaml'),
    `title: Großer Foliensatz\nsession: { committee: hfa, date: 2021-05-20, agendaItem: Ö 5 }\npaper: { reference: ST/0027/2021, subject: Test }\nslides:\n  - type: title\n  - type: agenda\n  - type: activities\n  - type: activity\n${extra}\n  - type: timeline\n  - type: budget\n  - type: closing\n`,
  );
  return 'gross.yaml';
}

const browser = (() => {
  const r = spawnSync(process.execPath, [BIN, 'doctor', '--json'], { encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout).browser.path;
  } catch {
    throw new Error('no browser: ratsdeck doctor found none');
  }
})();
const node = (script, ...rest) => [process.execPath, script, ...rest];
const idOf = (deck) => deck.replace(/\.yaml$/, '');

process.stderr.write(`ratsdeck benchmark: ${RUNS} runs each, Node ${process.version}, ${browser}${canReap ? '' : ' (no subreaper: wall time only)'}\n\n`);

// 1. Short commands against Node's own start.
{
  const dir = exampleCopy();
  const deck = '2021-09-hfa.yaml';
  // Built once for each audience, as a session with non-public items is: the non-public build
  // makes the cache folder that keeps the parses (README, "A cache it can always lose").
  execFileSync(process.execPath, [BIN, 'build', deck], { cwd: dir, stdio: 'ignore' });
  execFileSync(process.execPath, [BIN, 'build', deck, '--nonpublic'], { cwd: dir, stdio: 'ignore' });
  const empty = () => measure([process.execPath, '-e', '0'], dir);
  const v = compare(() => measure(node(BIN, '--version'), dir), empty);
  row('ratsdeck --version', pair(v.a), pair(v.b), 'node -e 0', `${(v.a.wall / v.b.wall).toFixed(2)}×`, '≤ 2×');
  const val = compare(() => measure(node(BIN, 'validate', deck), dir), empty);
  row(`ratsdeck validate ${deck}`, pair(val.a), pair(val.b), 'node -e 0', `${(val.a.wall / val.b.wall).toFixed(2)}×`, '≤ 2×');
  const b = compare(() => measure(node(BIN, 'build', deck), dir), empty);
  row(`ratsdeck build ${deck} (HTML)`, pair(b.a), pair(b.b), 'node -e 0', `${(b.a.wall / b.b.wall).toFixed(2)}×`, '≤ 3×');
  rmSync(dir, { recursive: true, force: true });
}

// 2. pdf against the floor: one launch, bare prints of the two documents ratsdeck built.
function pdfRow(label, dir, deck, extra = []) {
  const out = join(dir, 'out', idOf(deck));
  const p = compare(
    () => measure(node(BIN, 'pdf', deck, ...extra), dir),
    () => measure(node(FLOOR, browser, out, ...extra), dir),
  );
  row(label, pair(p.a), pair(p.b), 'floor', `${(p.a.wall / p.b.wall).toFixed(2)}× / CPU ${(p.a.cpu / p.b.cpu).toFixed(2)}×`, 'wall ≤ 1.15×, CPU ≤ 1.25×');
  return p;
}
{
  const dir = exampleCopy();
  execFileSync(process.execPath, [BIN, 'pdf', '2021-09-hfa.yaml'], { cwd: dir, stdio: 'ignore' });
  execFileSync(process.execPath, [BIN, 'build', '2021-09-hfa.yaml', '--nonpublic'], { cwd: dir, stdio: 'ignore' });
  pdfRow('ratsdeck pdf 2021-09-hfa.yaml (slides + handout)', dir, '2021-09-hfa.yaml');
  rmSync(dir, { recursive: true, force: true });
}
if (!has('--skip-large')) {
  const dir = exampleCopy();
  const deck = largeDeck(dir, 200);
  execFileSync(process.execPath, [BIN, 'pdf', deck], { cwd: dir, stdio: 'ignore' });
  execFileSync(process.execPath, [BIN, 'build', deck, '--nonpublic'], { cwd: dir, stdio: 'ignore' });
  const p = pdfRow('ratsdeck pdf, generated 200-slide deck', dir, deck);
  process.stderr.write(`  peak RSS of ratsdeck (its own process) on the 200-slide deck: ${(p.a.rss / 1024).toFixed(0)} MB\n`);
  rows.push({ what: 'peak RSS, pdf of the 200-slide deck', ours: `${(p.a.rss / 1024).toFixed(0)} MB`, ref: '', refName: '', ratio: '', target: 'reported' });
  rmSync(dir, { recursive: true, force: true });
}

// 3. pdf --no-handout against decktape's fastest settings (optional: installs decktape).
if (has('--decktape')) {
  const cache = join(homedir(), '.cache', 'ratsdeck-bench', 'decktape');
  const cli = join(cache, 'node_modules', 'decktape', 'decktape.js');
  if (!existsSync(cli)) {
    mkdirSync(cache, { recursive: true });
    execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', 'decktape@3'], { stdio: 'inherit', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
  }
  const dir = exampleCopy();
  const deck = '2021-09-hfa.yaml';
  execFileSync(process.execPath, [BIN, 'build', deck], { cwd: dir, stdio: 'ignore' });
  const url = `file://${join(dir, 'out', idOf(deck), 'index.html')}`;
  const sandbox = process.getuid?.() === 0 ? ['--chrome-arg=--no-sandbox'] : [];
  const d = compare(
    () => measure(node(BIN, 'pdf', deck, '--no-handout'), dir),
    () => measure(node(cli, 'reveal', '--pause', '0', '--load-pause', '0', '--size', '1280x720', '--chrome-path', browser, ...sandbox, url, join(dir, 'decktape.pdf')), dir),
  );
  row(`ratsdeck pdf ${deck} --no-handout`, pair(d.a), pair(d.b), 'decktape', `${(d.b.wall / d.a.wall).toFixed(2)}× faster`, '≥ 2× faster');
  rmSync(dir, { recursive: true, force: true });
}

// 4. A batch of 20 decks against 20 separate runs; peak RSS of the batch against one deck.
if (!has('--skip-batch')) {
  const dir = exampleCopy();
  const src = readFileSync(join(dir, '2021-06-hsk.yaml'), 'utf8');
  for (const f of ['2021-05-hfa.yaml', '2021-06-hsk.yaml', '2021-09-hfa.yaml']) rmSync(join(dir, f));
  rmSync(join(dir, '_sessions'), { recursive: true, force: true });
  const files = [];
  for (let i = 1; i <= 20; i++) {
    const f = `sitzung-${String(i).padStart(2, '0')}.yaml`;
    writeFileSync(join(dir, f), src.replace(/^title: .*$/m, `title: Sitzung ${i}`));
    files.push(f);
  }
  const batch = measure(node(BIN, 'pdf', '.'), dir);
  const one = measure(node(BIN, 'pdf', files[0]), dir);
  const t0 = performance.now();
  let cpu = 0;
  for (const f of files) cpu += measure(node(BIN, 'pdf', f), dir).cpu;
  const separate = (performance.now() - t0) / 1000;
  row('20 decks: one ratsdeck pdf over the project', pair(batch), `${s(separate)}${Number.isNaN(cpu) ? '' : ` (CPU ${s(cpu)})`}`, '20 runs', `${(separate / batch.wall).toFixed(2)}× faster`, '≥ 2× faster');
  row('peak RSS: batch of 20 decks vs. one deck', `${(batch.peakRssKb / 1024).toFixed(0)} MB`, `${(one.peakRssKb / 1024).toFixed(0)} MB`, 'one deck', `${(batch.peakRssKb / one.peakRssKb).toFixed(2)}×`, 'no growth (≈ 1×)');
  rmSync(dir, { recursive: true, force: true });
}

// 5. serve: from saving the deck to the reload event its page listens for.
{
  const dir = exampleCopy();
  const deck = '2021-09-hfa.yaml';
  const port = 18000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, [BIN, 'serve', deck, '--port', String(port)], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
        if (/http:\/\//.test(err)) resolve();
      });
      child.on('exit', () => reject(new Error(`serve exited: ${err}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/__ratsdeck/events`);
    const reader = res.body.getReader();
    const text = readFileSync(join(dir, deck), 'utf8');
    const times = [];
    let buf = '';
    const nextReload = async () => {
      for (;;) {
        const i = buf.indexOf('event: reload');
        if (i >= 0) {
          buf = buf.slice(i + 13);
          return;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buf += Buffer.from(value).toString('utf8');
      }
    };
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < RUNS + 1; i++) {
      buf = '';
      const t0 = performance.now();
      writeFileSync(join(dir, deck), text.replace(/^title: (.*)$/m, `title: $1 ${i}`));
      await nextReload();
      if (i > 0) times.push((performance.now() - t0) / 1000); // the first warms up
      await new Promise((r) => setTimeout(r, 300));
    }
    await reader.cancel();
    const m = median(times);
    row(`serve ${deck}: save → reload event`, `${(m * 1000).toFixed(0)} ms`, '', '', '', '< 150 ms');
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

process.stdout.write(JSON.stringify({ runs: RUNS, node: process.version, browser, rows }, null, 2) + '\n');
