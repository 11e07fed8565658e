/**
 * `ratsdeck build` through main(argv): exit codes, messages, what is written where, atomic and
 * reproducible output. Projects are copied to a temp folder so the repository stays untouched.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';
import { ExitCode } from '../../src/errors.js';

const REPO = join(import.meta.dirname, '..', '..');
const GOLDEN = join(REPO, 'test', 'fixtures', 'render', 'golden');

type Run = CliRun;

const run = (argv: string[], cwd: string): Promise<Run> => runCli(argv, cwd);

/** Every file and folder under `dir`, with a hash of each file's bytes and its mtime. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else {
        out.push(`${relative(dir, p)} ${createHash('sha256').update(readFileSync(p)).digest('hex')} ${st.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}

/** Like snapshot() but bytes only (two builds of the same input are equal in this). */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(snapshot(dir).map((l) => l.split(' ')).map(([p, h]) => [p!, h ?? 'dir']));
}

/**
 * contents(), with the output record's build times taken out: the record says when each deck
 * was built (for `ratsdeck freeze`, issue 11); everything else in it, and every other byte, is
 * the same for the same input.
 */
function reproducible(dir: string): Record<string, string> {
  const out = contents(dir);
  for (const name of Object.keys(out).filter((k) => /^\.ratsdeck-output(-nichtoeffentlich)?\.json$/.test(k))) {
    const text = readFileSync(join(dir, name), 'utf8');
    const times = text.match(/"(first|last|printed)": "[^"]+"/g) ?? [];
    expect(times.length, name).toBeGreaterThan(0);
    out[name] = createHash('sha256').update(text.replace(/"(first|last|printed)": "[^"]+"/g, '"$1": "<time>"')).digest('hex');
  }
  return out;
}

/** What the build wrote into OUT besides the session archive page (out/index.html) and the record of what it owns. */
function outputs(out: string): string[] {
  expect(existsSync(join(out, '.ratsdeck-output.json')) || existsSync(join(out, '.ratsdeck-output-nichtoeffentlich.json'))).toBe(true);
  return readdirSync(out)
    .filter((f) => !/^index(-nichtoeffentlich)?\.html$/.test(f) && !/^\.ratsdeck-output(-nichtoeffentlich)?\.json$/.test(f))
    .sort();
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-build-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A copy of the golden fixture project (two decks: deck, deck-en) in its own temp folder. */
function project(): { root: string; dir: string; out: string } {
  const root = join(tmp, `case-${++n}`);
  const dir = join(root, 'projekt');
  cpSync(GOLDEN, dir, { recursive: true });
  return { root, dir, out: join(root, 'out') };
}

const INVALID_DECK = `title: Kaputt
session:
  committee: hfa
  date: 2021-02-30
slides:
  - type: title
  - type: diagramm
  - type: text
    title: 42
  - type: networks
    select:
      ids: [gibt-es-nicht]
networks:
  - id: x
    name: X
    url: javascript:alert(1)
`;

describe('ratsdeck build DIR --out OUT', () => {
  it('exits 0 and writes out/<id>/index.html with the ratsdeck/ files for every deck; stdout stays empty', async () => {
    const p = project();
    const before = snapshot(p.dir);
    const r = await run(['build', p.dir, '--out', p.out], p.root);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(ExitCode.OK);
    expect(r.stdout).toBe('');
    expect(outputs(p.out)).toEqual(['deck', 'deck-en']);
    for (const id of ['deck', 'deck-en']) {
      const files = readdirSync(join(p.out, id, 'ratsdeck'));
      expect(files).toEqual(expect.arrayContaining(['reveal.js', 'notes.js', 'init.js', 'reveal.css', 'theme.css', 'fonts']));
      expect(readFileSync(join(p.out, id, 'index.html'), 'utf8')).toMatch(/^<!doctype html>/);
      expect(r.stderr).toMatch(new RegExp(`^wrote out/${id}/index\\.html \\(\\d+ slides, \\d+ ms\\)$`, 'm'));
    }
    expect(r.stderr).toMatch(/^built 2 of 2 decks → out$/m);
    // Nothing written into the project (no out/ there, no temp files) nor beside the out folder.
    expect(snapshot(p.dir)).toEqual(before);
    expect(readdirSync(p.root).sort()).toEqual(['out', 'projekt']);
  });

  it('--out relative to the working folder', async () => {
    const p = project();
    const r = await run(['build', 'projekt/deck.yaml', '--out', 'ausgabe'], p.root);
    expect(r.code).toBe(ExitCode.OK);
    expect(existsSync(join(p.root, 'ausgabe', 'deck', 'index.html'))).toBe(true);
    expect(readdirSync(p.root).sort()).toEqual(['ausgabe', 'projekt']);
  });

  it('--single-file writes one <id>.html per deck and nothing else', async () => {
    const p = project();
    const r = await run(['build', p.dir, '--out', p.out, '--single-file'], p.root);
    expect(r.code).toBe(ExitCode.OK);
    expect(outputs(p.out)).toEqual(['deck-en.html', 'deck.html']);
    const html = readFileSync(join(p.out, 'deck.html'), 'utf8');
    expect(html).not.toMatch(/<script src=|<link rel="stylesheet"/);
    expect(r.stderr).toMatch(/^wrote out\/deck\.html \(\d+ slides, \d+ ms\)$/m);
  });

  it('--draft: ENTWURF on every slide, "Entwurf" / "Draft" in the <title>, and the single file named <id>-entwurf.html', async () => {
    const p = project();
    const folder = await run(['build', p.dir, '--out', p.out, '--draft'], p.root);
    expect(folder.code, folder.stderr).toBe(ExitCode.OK);
    // The deck folder keeps its name; its pages say what they are.
    expect(outputs(p.out)).toEqual(['deck', 'deck-en']);
    const de = readFileSync(join(p.out, 'deck', 'index.html'), 'utf8');
    expect(de).toMatch(/<title>[^<]* – Entwurf<\/title>/);
    expect(de.match(/<p class="rd-draft-mark" aria-hidden="true">ENTWURF<\/p>/g)).toHaveLength((de.match(/<section id=/g) ?? []).length);
    expect(readFileSync(join(p.out, 'deck-en', 'index.html'), 'utf8')).toMatch(/<title>[^<]* – Draft<\/title>/);
    expect(JSON.parse(readFileSync(join(p.out, 'deck', 'ratsdeck.json'), 'utf8')).draft).toBe(true);
    // The archive (in the language of the decks: here English) marks both.
    expect(readFileSync(join(p.out, 'index.html'), 'utf8').match(/<span class="draft">Draft<\/span>/g)).toHaveLength(2);

    const single = join(p.root, 'single');
    const draft = await run(['build', p.dir, '--out', single, '--single-file', '--draft'], p.root);
    expect(draft.code, draft.stderr).toBe(ExitCode.OK);
    expect(outputs(single)).toEqual(['deck-en-entwurf.html', 'deck-entwurf.html']);
    expect(draft.stderr).toMatch(/^wrote single\/deck-entwurf\.html \(\d+ slides, \d+ ms\)$/m);
    expect(readFileSync(join(single, 'index.html'), 'utf8')).toMatch(/<a href="deck-entwurf.html">[^<]*, Draft\)<\/a>/);
    // The final version replaces the draft (a deck has one single file), and says so; and back.
    const final = await run(['build', join(p.dir, 'deck.yaml'), '--out', single, '--single-file'], p.root);
    expect(final.code, final.stderr).toBe(ExitCode.OK);
    expect(final.stderr).toMatch(/^removed single\/deck-entwurf\.html: replaced by the final version deck\.html, just built from the same deck$/m);
    expect(outputs(single)).toEqual(['deck-en-entwurf.html', 'deck.html']);
    expect(readFileSync(join(single, 'deck.html'), 'utf8')).not.toMatch(/Entwurf<\/title>|class="rd-draft-mark"/);
    const again = await run(['build', join(p.dir, 'deck.yaml'), '--out', single, '--single-file', '--draft'], p.root);
    expect(again.stderr).toMatch(/^removed single\/deck\.html: replaced by the draft deck-entwurf\.html, just built from the same deck$/m);
    expect(outputs(single)).toEqual(['deck-en-entwurf.html', 'deck-entwurf.html']);
  });

  it('--nonpublic writes <id>-nichtoeffentlich/ marked NICHTÖFFENTLICH', async () => {
    const p = project();
    const r = await run(['build', join(p.dir, 'deck.yaml'), '--out', p.out, '--nonpublic'], p.root);
    expect(r.code).toBe(ExitCode.OK);
    expect(outputs(p.out)).toEqual(['deck-nichtoeffentlich']);
    const html = readFileSync(join(p.out, 'deck-nichtoeffentlich', 'index-nichtoeffentlich.html'), 'utf8');
    expect(html).toContain('<p class="rd-nonpublic-mark">NICHTÖFFENTLICH</p>');
    expect(html).toContain('<body class="rd rd-nonpublic">');
  });
});

describe('an invalid deck', () => {
  it('exits 3, prints every problem as FILE:LINE:COL, and writes nothing', async () => {
    const p = project();
    rmSync(join(p.dir, 'deck-en.yaml'));
    writeFileSync(join(p.dir, 'deck.yaml'), INVALID_DECK);
    const before = snapshot(p.root);
    const r = await run(['build', p.dir, '--out', p.out], p.root);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(r.stdout).toBe('');
    const problems = r.stderr.split('\n').filter((l) => /^projekt\/deck\.yaml:\d+:\d+: /.test(l));
    expect(problems.map((l) => /^(\S+?:\d+:\d+): (\S+):/.exec(l)?.slice(1, 3).join(' '))).toEqual([
      'projekt/deck.yaml:4:9 session.date',
      'projekt/deck.yaml:7:11 slides[1].type',
      'projekt/deck.yaml:8:5 slides[2].body',
      'projekt/deck.yaml:9:12 slides[2].title',
      'projekt/deck.yaml:12:13 slides[3].select.ids[0]',
      'projekt/deck.yaml:16:10 networks[0].url',
    ]);
    expect(r.stderr).toContain('error: deck: invalid deck data, nothing written');
    expect(r.stderr).toMatch(/^built 0 of 1 deck, 1 failed$/m);
    expect(snapshot(p.root)).toEqual(before);
    expect(existsSync(p.out)).toBe(false);
  });

  it('leaves the previous good output in the out folder intact, byte for byte', async () => {
    const p = project();
    expect((await run(['build', join(p.dir, 'deck.yaml'), '--out', p.out], p.root)).code).toBe(ExitCode.OK);
    const good = snapshot(p.out);
    writeFileSync(join(p.dir, 'deck.yaml'), INVALID_DECK);
    const r = await run(['build', join(p.dir, 'deck.yaml'), '--out', p.out], p.root);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(snapshot(p.out)).toEqual(good);
  });

  it('does not stop the other decks: they are built, the exit code is still 3', async () => {
    const p = project();
    writeFileSync(join(p.dir, 'kaputt.yaml'), INVALID_DECK);
    const r = await run(['build', p.dir, '--out', p.out], p.root);
    expect(r.code).toBe(ExitCode.INVALID_DATA);
    expect(outputs(p.out)).toEqual(['deck', 'deck-en']);
    expect(r.stderr).toMatch(/^projekt\/kaputt\.yaml:4:9: session\.date: impossible date "2021-02-30"$/m);
    expect(r.stderr).toMatch(/^built 2 of 3 decks, 1 failed → out$/m);
  });
});

describe('reproducible output', () => {
  it('building twice gives byte-identical folders (index.html, reveal.js, CSS, fonts, images)', async () => {
    const p = project();
    const a = join(p.root, 'a');
    const b = join(p.root, 'b');
    expect((await run(['build', p.dir, '--out', a], p.root)).code).toBe(0);
    expect((await run(['build', p.dir, '--out', b], p.root)).code).toBe(0);
    expect(reproducible(a)).toEqual(reproducible(b));
    expect(Object.keys(contents(a)).length).toBeGreaterThan(10);
  });

  it('building twice gives byte-identical single files', async () => {
    const p = project();
    const a = join(p.root, 'a');
    const b = join(p.root, 'b');
    expect((await run(['build', p.dir, '--out', a, '--single-file'], p.root)).code).toBe(0);
    expect((await run(['build', p.dir, '--out', b, '--single-file'], p.root)).code).toBe(0);
    expect(readFileSync(join(a, 'deck.html')).equals(readFileSync(join(b, 'deck.html')))).toBe(true);
    expect(readFileSync(join(a, 'deck-en.html')).equals(readFileSync(join(b, 'deck-en.html')))).toBe(true);
  });

  it('the output does not depend on the working folder or the out folder\'s name', async () => {
    const p = project();
    const elsewhere = join(p.root, 'anderswo');
    mkdirSync(elsewhere);
    expect((await run(['build', p.dir, '--out', join(p.root, 'eins')], p.root)).code).toBe(0);
    expect((await run(['build', p.dir, '--out', join(p.root, 'zwei')], elsewhere)).code).toBe(0);
    expect(reproducible(join(p.root, 'eins'))).toEqual(reproducible(join(p.root, 'zwei')));
  });
});
