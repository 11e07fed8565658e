/**
 * ratsdeck never destroys what it did not write (issue 9). Every case is a small project in a
 * fresh temp folder with sentinel files around it; the checksums of the whole temp folder are
 * compared before and after each command, so any write, rename or delete outside what the
 * command may write is caught, wherever it happens.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';
import { runCli } from '../helpers/cli.js';
import { IN_CI, onlyWith } from '../helpers/platform.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO, 'bin', 'ratsdeck.js');
const VALID = join(REPO, 'test', 'fixtures', 'valid');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-hostile-out-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** path → sha256 (or "dir") of everything below `dir`, except what `skip` names (relative paths). */
function tree(dir: string, skip: (rel: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const rel = relative(dir, p).split(sep).join('/');
      if (skip(rel)) continue;
      if (statSync(p).isDirectory()) {
        out[rel + '/'] = 'dir';
        walk(p);
      } else out[rel] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/**
 * A case folder: `sentinel.txt` beside the project, `P/` the project (test/fixtures/valid) with
 * `P/notiz.txt` in it, and a neighbour folder `nachbar/` with a file of its own.
 */
function scene(name: string): { root: string; project: string } {
  const root = join(tmp, name);
  mkdirSync(root, { recursive: true });
  const project = join(root, 'P');
  cpSync(VALID, project, { recursive: true });
  writeFileSync(join(root, 'sentinel.txt'), 'must stay');
  writeFileSync(join(project, 'notiz.txt'), 'the project\'s own note');
  mkdirSync(join(root, 'nachbar'));
  writeFileSync(join(root, 'nachbar', 'wichtig.txt'), 'a neighbour');
  return { root, project };
}

/** The project's deck, without its logo (so that it also validates in a subfolder). */
const deck = (p: string) => readFileSync(join(p, 'deck.yaml'), 'utf8').replace(/body:\n  logo:\n    src: .*\n    alt: .*\n/, '');

describe('deck ids that are not safe file names are refused (exit 3) and nothing changes', () => {
  const bad = ['...yaml', '..yaml', '.versteckt.yaml', '_data.yaml', 'assets.yaml', '_sessions.yaml', 'templates.yaml', 'themes.yaml', 'out.yaml', 'index.yaml', 'x-nichtoeffentlich.yaml', 'CON.yaml', 'a:b.yaml'];
  for (const file of bad) {
    it(`${file}: build (default --out, --out ., --out out), validate and check`, async () => {
      const { root, project } = scene(`id-${file.replace(/[^a-z]/gi, '_')}`);
      writeFileSync(join(project, file), deck(project));
      const before = tree(root);
      for (const argv of [
        ['build', join(project, file)],
        ['build', join(project, file), '--out', '.'],
        ['build', join(project, file), '--out', 'out'],
        ['build', join(project, file), '--single-file'],
        ['validate', join(project, file)],
      ]) {
        const r = await runCli(argv, project);
        expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBeGreaterThanOrEqual(2);
        expect(r.code, argv.join(' ')).toBeLessThanOrEqual(3);
        expect(tree(root), argv.join(' ')).toEqual(before);
      }
      const r = await runCli(['build', join(project, file)], project);
      expect(r.code).toBe(ExitCode.INVALID_DATA);
      expect(r.stderr).toContain(`${file}:1:1: the file name cannot be a deck id`);
    });
  }

  it('check on a bad id leaves the temp folder alone (its own temp folder is private)', async () => {
    const { root, project } = scene('check-id');
    writeFileSync(join(project, '...yaml'), deck(project));
    const t = join(root, 'tmp');
    mkdirSync(t);
    writeFileSync(join(t, 'someone-elses.txt'), 'x');
    const before = tree(root);
    const r = await spawnBin(['check', join(project, '...yaml')], project, { TMPDIR: t });
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_DATA);
    expect(tree(root)).toEqual(before);
  });

  it('new refuses a target whose name cannot be a deck id (exit 2) and writes nothing', async () => {
    const { root, project } = scene('new-id');
    const before = tree(root);
    for (const target of ['...yaml', 'index.yaml', 'x-nichtoeffentlich.yaml', '_data.yaml', '_oparl.yaml']) {
      const r = await runCli(['new', target, '--from', 'deck.yaml', '--date', '2021-09-23', '--top', 'Ö 4'], project);
      expect(r.code, `${target}\n${r.stderr}`).toBe(ExitCode.USAGE);
      expect(tree(root), target).toEqual(before);
    }
  });
});

describe('the output folder', () => {
  it('may not be the project folder, contain it, lie in its own folders, or be a file (exit 2)', async () => {
    const { root, project } = scene('out-location');
    writeFileSync(join(root, 'datei'), 'a file');
    mkdirSync(join(project, 'themes'));
    const before = tree(root);
    for (const out of ['.', '..', root, join(project, '_data'), join(project, '_data', 'out'), join(project, '_oparl'), join(project, 'assets'), join(project, 'themes', 'x'), join(root, 'datei')]) {
      const r = await runCli(['build', '--out', out], project);
      expect(r.code, `--out ${out}\n${r.stderr}`).toBe(ExitCode.USAGE);
      expect(r.stderr).toMatch(/cannot write to .*: (it is the project folder|it contains the project folder|it lies inside the project's|it is a file)/);
      expect(tree(root), `--out ${out}`).toEqual(before);
    }
  });

  it('a web root with the city\'s files is refused (exit 2): its index.html and a folder named like a deck stay', async () => {
    const { root, project } = scene('webroot');
    const web = join(root, 'www');
    mkdirSync(join(web, 'deck'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<h1>Stadt Beispielstadt</h1>');
    writeFileSync(join(web, 'deck', 'index.html'), 'the city\'s page about decks');
    const before = tree(root);
    for (const argv of [['build', '--out', web], ['build', '--single-file', '--out', web], ['build', '--nonpublic', '--out', web]]) {
      const r = await runCli(argv, project);
      expect(r.code, r.stderr).toBe(ExitCode.USAGE);
      expect(r.stderr).toMatch(/holds files that ratsdeck did not write \(deck, index\.html\)/);
      expect(tree(root)).toEqual(before);
    }
  });

  it('inside its own folder, ratsdeck leaves alone what it did not write: a foreign folder named like a new deck is refused, a note stays', async () => {
    const { root, project } = scene('foreign-inside');
    expect((await runCli(['build'], project)).code).toBe(0);
    const out = join(project, 'out');
    writeFileSync(join(out, 'liesmich.txt'), 'a note');
    writeFileSync(join(out, 'deck', 'notiz.txt'), 'a note in the deck folder');
    mkdirSync(join(out, 'zweites'));
    writeFileSync(join(out, 'zweites', 'index.html'), 'not ratsdeck\'s');
    writeFileSync(join(project, 'zweites.yaml'), deck(project));
    const keep = (rel: string) => rel.startsWith('P/out/zweites') || rel === 'P/out/liesmich.txt' || rel === 'P/out/deck/notiz.txt';
    const before = Object.fromEntries(Object.entries(tree(root)).filter(([k]) => k !== 'P/zweites.yaml' && (keep(k) || !k.startsWith('P/out'))));
    const r = await runCli(['build'], project);
    expect(r.code, r.stderr).toBe(ExitCode.USAGE);
    expect(r.stderr).toMatch(/out\/zweites exists and was not written by ratsdeck/);
    // deck.yaml was rebuilt before zweites.yaml failed; everything else is as it was.
    rmSync(join(project, 'zweites.yaml'));
    expect((await runCli(['build'], project)).code).toBe(0);
    const after = Object.fromEntries(Object.entries(tree(root)).filter(([k]) => keep(k) || !k.startsWith('P/out')));
    expect(after).toEqual(before);
  });

  it('two decks with the same id (another folder, or another case) are exit 3 naming both, nothing written', async () => {
    const { root, project } = scene('collide');
    mkdirSync(join(project, 'a'));
    mkdirSync(join(project, 'b'));
    writeFileSync(join(project, 'a', 'x.yaml'), deck(project));
    writeFileSync(join(project, 'b', 'X.yaml'), deck(project));
    const before = tree(root);
    const r = await runCli(['build', 'a/x.yaml', 'b/X.yaml'], project);
    expect(r.code, r.stderr).toBe(ExitCode.INVALID_DATA);
    expect(r.stderr).toMatch(/b\/X\.yaml:1:1: this deck and .*a\/x\.yaml have the same id/);
    expect(tree(root)).toEqual(before);
    // Built one at a time, the second still collides with what the first wrote.
    expect((await runCli(['build', 'a/x.yaml'], project)).code).toBe(0);
    const second = await runCli(['build', 'b/X.yaml'], project);
    expect(second.code, second.stderr).toBe(ExitCode.INVALID_DATA);
    expect(second.stderr).toMatch(/both write .*out\/x/);
  });

  it('a write that fails for the machine\'s reasons is exit 7 with the path and what to do; nothing half-written', async () => {
    const { root, project } = scene('enotdir');
    writeFileSync(join(root, 'datei'), 'a file');
    const r = await runCli(['build', '--out', join(root, 'datei', 'out')], project);
    expect(r.code, r.stderr).toBe(ExitCode.OUTPUT);
    expect(r.stderr).toMatch(/could not write .*datei\/out.*: a part of the path is a file/);
    expect(r.stderr).toMatch(/hint: /);
  });
});

describe('no stale public output', () => {
  it('a deck whose session became non-public, or whose file is gone, loses its public output; the archive stops listing it', async () => {
    const { project } = scene('stale-session');
    writeFileSync(join(project, 'zweites.yaml'), deck(project).replace('title: Digitalisierung in Beispielstadt', 'title: Zweiter Bericht'));
    expect((await runCli(['build'], project)).code).toBe(0);
    const out = join(project, 'out');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('Zweiter Bericht');
    writeFileSync(join(project, 'zweites.yaml'), deck(project).replace('title: Digitalisierung in Beispielstadt', 'title: Zweiter Bericht').replace('date: 2021-05-20', 'date: 2021-05-20\n  public: false'));
    // Building only the other deck is enough: the folder is brought up to date as a whole.
    const r = await runCli(['build', 'deck.yaml'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/removed out\/zweites: it is no longer built for the public audience/);
    expect(existsSync(join(out, 'zweites'))).toBe(false);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toContain('Zweiter Bericht');
    const text = deck(project);
    rmSync(join(project, 'deck.yaml'));
    writeFileSync(join(project, 'drittes.yaml'), text.replace('title: Digitalisierung in Beispielstadt', 'title: Dritter'));
    const gone = await runCli(['build'], project);
    expect(gone.code, gone.stderr).toBe(0);
    expect(gone.stderr).toMatch(/removed out\/deck: its deck file .*deck\.yaml is gone/);
    expect(existsSync(join(out, 'deck'))).toBe(false);
  });

  it('a deck whose data changed is rebuilt when another deck is built into the same folder', async () => {
    const { project } = scene('stale-data');
    writeFileSync(join(project, 'zweites.yaml'), deck(project));
    expect((await runCli(['build'], project)).code).toBe(0);
    const acts = join(project, '_data', 'activities.yaml');
    writeFileSync(acts, readFileSync(acts, 'utf8').replace('title: Serviceportal', 'title: Serviceportal\n  public: false'));
    const r = await runCli(['build', 'deck.yaml'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/updated out\/zweites: its data changed since it was built/);
    expect(readFileSync(join(project, 'out', 'zweites', 'index.html'), 'utf8')).not.toContain('Serviceportal');
  });
});

describe('a closed stdout or stderr', () => {
  it('ends the command quietly with its own exit code', async () => {
    const { project } = scene('epipe');
    const r = await spawnBin(['build'], project, {}, { closeStderr: true });
    expect(r.code).toBe(0);
    const again = await spawnBin(['validate', 'nope.yaml'], project, {}, { closeStderr: true });
    expect(again.code).toBe(ExitCode.USAGE);
  });
});

function spawnBin(
  argv: string[],
  cwd: string,
  env: Record<string, string>,
  opts: { closeStderr?: boolean } = {},
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    if (opts.closeStderr) {
      // Like `| head -0`: the reader is gone before the first line.
      child.stderr.destroy();
      child.stdout.destroy();
    } else child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => res({ code, stderr }));
  });
}

// A tiny tmpfs is a real full disk; mounting one needs Linux and root (as in CI here). Elsewhere
// the mapping of write errors to exit 7 is covered by the ENOTDIR case above.
onlyWith(['linux', 'root'], 'mounts a 160 kB tmpfs as a full disk').describe('a full disk', () => {
  const mnt = join(tmpdir(), `ratsdeck-full-${process.pid}`);
  let mounted = false;
  beforeAll(() => {
    mkdirSync(mnt, { recursive: true });
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=160k', 'tmpfs', mnt], { stdio: 'ignore' });
      mounted = true;
    } catch {
      // Root in a container without CAP_SYS_ADMIN cannot mount either.
      if (IN_CI) throw new Error('CI runs as root and must be able to mount a tmpfs for the full-disk test');
      console.warn('skipping the full-disk test: mount -t tmpfs failed (root without CAP_SYS_ADMIN?)');
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
    rmSync(mnt, { recursive: true, force: true });
  });

  it('is exit 7 naming the path, "the disk is full", and leaves no temporary files', async (ctx) => {
    if (!mounted) ctx.skip('mount -t tmpfs failed');
    const { project } = scene('full');
    const out = join(mnt, 'out');
    const r = await runCli(['build', '--out', out], project);
    expect(r.code, r.stderr).toBe(ExitCode.OUTPUT);
    expect(r.stderr).toMatch(/could not write .*: the disk is full \(ENOSPC\)/);
    expect(r.stderr).toMatch(/hint: free some space/);
    expect(readdirSync(out).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });
});

describe('serve, new and freeze write nothing but their own files', () => {
  it('serve: a running preview leaves the project and its neighbours byte for byte', async () => {
    const { root, project } = scene('serve');
    const before = tree(root);
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: project, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`serve did not start:\n${err}`)), 30_000);
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(err);
        if (m) {
          clearTimeout(t);
          res(m[0]);
        }
      });
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    await page.text();
    const exited = new Promise((res) => child.on('exit', res));
    child.kill('SIGINT');
    await exited;
    expect(tree(root)).toEqual(before);
  });

  it('new writes only the new deck, freeze only its snapshot', async () => {
    const { root, project } = scene('sessions');
    const before = tree(root);
    const n = await runCli(['new', 'naechste.yaml', '--from', 'deck.yaml', '--date', '2021-09-23', '--top', 'Ö 4'], project);
    expect(n.code, n.stderr).toBe(0);
    const afterNew = tree(root);
    expect(Object.keys(afterNew).filter((k) => !(k in before))).toEqual(['P/naechste.yaml']);
    for (const [k, v] of Object.entries(before)) expect(afterNew[k], k).toBe(v);
    const f = await runCli(['freeze', 'deck.yaml', '--from-current-data'], project);
    expect(f.code, f.stderr).toBe(0);
    const afterFreeze = tree(root);
    expect(Object.keys(afterFreeze).filter((k) => !(k in afterNew))).toEqual(['P/_sessions/', 'P/_sessions/deck.json']);
    for (const [k, v] of Object.entries(afterNew)) expect(afterFreeze[k], k).toBe(v);
  });
});
