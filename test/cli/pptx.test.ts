/**
 * `ratsdeck pptx` and `build --pptx` through main(argv): the file's name and place, a line per
 * file, the non-public name, nothing written outside the output folder, and a .pptx that goes
 * when the deck it was made from changes (like a stale PDF).
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const REPO = join(import.meta.dirname, '..', '..');
let tmp: string;
let project: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-pptx-cli-'));
  project = join(tmp, 'projekt');
  cpSync(join(REPO, 'decks'), project, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  // Sentinels: beside the project, inside it, and inside the output folder.
  writeFileSync(join(tmp, 'sentinel.txt'), 'outside');
  writeFileSync(join(project, 'sentinel.txt'), 'project');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sentinelsIntact = () => {
  expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('outside');
  expect(readFileSync(join(project, 'sentinel.txt'), 'utf8')).toBe('project');
  expect(readdirSync(tmp).sort()).toEqual(['projekt', 'sentinel.txt']);
};

describe('ratsdeck pptx', () => {
  it('writes out/<deck>/<deck>.pptx with a line per file, and nothing else outside out/', async () => {
    writeFileSync(join(project, 'out-sentinel.txt'), 'x');
    const r = await runCli(['pptx', '2021-05-hfa.yaml'], project);
    expect(r.code, r.stderr).toBe(0);
    const file = join(project, 'out', '2021-05-hfa', '2021-05-hfa.pptx');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect(r.stderr).toMatch(/wrote out[\\/]2021-05-hfa[\\/]2021-05-hfa\.pptx \(\d+ slides, \d+ ms\)/);
    // No PDFs, no handout page: only what was asked for.
    expect(readdirSync(join(project, 'out', '2021-05-hfa')).filter((f) => /\.pdf$|^handout/.test(f))).toEqual([]);
    sentinelsIntact();
    rmSync(join(project, 'out-sentinel.txt'));
  });

  it('names the non-public file -nichtoeffentlich.pptx', async () => {
    const r = await runCli(['pptx', '--nonpublic', '2021-05-hfa.yaml'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(project, 'out', '2021-05-hfa-nichtoeffentlich', '2021-05-hfa-nichtoeffentlich.pptx'))).toBe(true);
    sentinelsIntact();
  });

  it('keeps the .pptx while the deck is unchanged and removes it once the deck changes', async () => {
    const file = join(project, 'out', '2021-05-hfa', '2021-05-hfa.pptx');
    expect(existsSync(file)).toBe(true);
    const same = await runCli(['build', '2021-05-hfa.yaml'], project);
    expect(same.code, same.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    const deck = join(project, '2021-05-hfa.yaml');
    writeFileSync(deck, readFileSync(deck, 'utf8').replace(/^title: .*$/m, 'title: Ein anderer Titel'));
    const changed = await runCli(['build', '2021-05-hfa.yaml'], project);
    expect(changed.code, changed.stderr).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(changed.stderr).toContain('2021-05-hfa.pptx');
    const again = await runCli(['build', '--pptx', '2021-05-hfa.yaml'], project);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(file)).toBe(true);
    sentinelsIntact();
  });

  it('names a draft -entwurf.pptx, as the draft PDFs, and a final build removes it', async () => {
    const dir = join(project, 'out', '2021-06-hsk');
    const draft = await runCli(['pptx', '--draft', '2021-06-hsk.yaml'], project);
    expect(draft.code, draft.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.pptx'))).toEqual(['2021-06-hsk-entwurf.pptx']);
    expect(draft.stderr).toMatch(/wrote out[\\/]2021-06-hsk[\\/]2021-06-hsk-entwurf\.pptx/);
    const final = await runCli(['pptx', '2021-06-hsk.yaml'], project);
    expect(final.code, final.stderr).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.pptx'))).toEqual(['2021-06-hsk.pptx']);
    sentinelsIntact();
  });

  it('says which picture it leaves out of the file (WebP), rather than dropping it silently', async () => {
    // A 1×1 WebP: the HTML deck shows it, a PowerPoint file from ratsdeck does not hold it.
    writeFileSync(join(project, 'assets', 'foto.webp'), Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64'));
    writeFileSync(
      join(project, 'bild.yaml'),
      'title: Ein Bild\nslides:\n  - type: text\n    title: Ein Bild\n    body: Text neben dem Bild.\n    image: { src: assets/foto.webp, alt: Ein Foto }\n',
    );
    const r = await runCli(['pptx', 'bild.yaml'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: bild.pptx, slide 1: assets/foto.webp is left out: a WebP picture');
    expect(existsSync(join(project, 'out', 'bild', 'bild.pptx'))).toBe(true);
    rmSync(join(project, 'bild.yaml'));
    sentinelsIntact();
  });

  it('refuses --single-file with --pptx (usage, exit 2)', async () => {
    const r = await runCli(['build', '--single-file', '--pptx', '2021-05-hfa.yaml'], project);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--single-file and PowerPoint files do not go together');
  });
});
