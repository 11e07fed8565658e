// needs: browser
/**
 * `ratsdeck png` and `build --png`: one 1920×1080 PNG per slide in out/<deck>/png/, from the same
 * browser session as the PDFs, and no PNG left over from slides the deck no longer has.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const REPO = join(import.meta.dirname, '..', '..');
let tmp: string;
let project: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-png-'));
  project = join(tmp, 'projekt');
  cpSync(join(REPO, 'decks'), project, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  writeFileSync(join(tmp, 'sentinel.txt'), 'outside');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (file: string) => {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
};

describe('ratsdeck png', () => {
  it('writes one 1920×1080 PNG per slide, numbered 01.png …', async () => {
    const r = await runCli(['png', '2021-06-hsk.yaml'], project, process.env);
    expect(r.code, r.stderr).toBe(0);
    const dir = join(project, 'out', '2021-06-hsk', 'png');
    const files = readdirSync(dir).sort();
    const slides = Number(/\((\d+) slides/.exec(r.stderr)?.[1]);
    expect(slides).toBeGreaterThan(5);
    expect(files).toEqual(Array.from({ length: slides }, (_, i) => `${String(i + 1).padStart(2, '0')}.png`));
    for (const f of files) expect(pngSize(join(dir, f))).toEqual({ w: 1920, h: 1080 });
    expect(r.stderr).toMatch(new RegExp(`wrote out[\\\\/]2021-06-hsk[\\\\/]png/ \\(${slides} PNGs, one per slide`));
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('outside');
  });

  it('removes the PNGs of slides the deck no longer has, and keeps a file someone put there', async () => {
    const dir = join(project, 'out', '2021-06-hsk', 'png');
    writeFileSync(join(dir, 'notiz.txt'), 'mine');
    const deck = join(project, '2021-06-hsk.yaml');
    const before = readdirSync(dir).filter((f) => f.endsWith('.png')).length;
    // Drop the closing slide.
    const text = readFileSync(deck, 'utf8');
    writeFileSync(deck, text.replace(/\n  - type: closing[\s\S]*$/, '\n'));
    const r = await runCli(['build', '--png', '2021-06-hsk.yaml'], project, process.env);
    expect(r.code, r.stderr).toBe(0);
    const after = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(after.length).toBe(before - 1);
    expect(readFileSync(join(dir, 'notiz.txt'), 'utf8')).toBe('mine');
  });
});
