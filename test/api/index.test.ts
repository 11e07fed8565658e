// needs: browser
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build, ExitCode, InvalidDataError, pdf, validate } from '../../src/index.js';

// The package entry (`import … from 'ratsdeck'`) is the same composition as the CLI.
const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-api-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const EXAMPLE = join(import.meta.dirname, '..', '..', 'decks');

describe('programmatic API', () => {
  it('validates the example project', () => {
    const r = validate([EXAMPLE]);
    expect(r.valid).toBe(true);
    expect(r.decks.map((d) => d.id).sort()).toEqual(['2021-05-hfa', '2021-06-hsk', '2021-09-hfa']);
  });

  it('builds a deck and prints its slides and handout with one browser', async () => {
    const out = join(tmp, 'out');
    const [r] = await build([join(EXAMPLE, '2021-06-hsk.yaml')], { outDir: out, handout: '2' });
    expect(existsSync(join(out, '2021-06-hsk', 'index.html'))).toBe(true);
    const printed = await pdf([r!]);
    expect(printed.map((p) => p.file)).toEqual([join(out, '2021-06-hsk', '2021-06-hsk.pdf'), join(out, '2021-06-hsk', '2021-06-hsk-handout.pdf')]);
    expect(printed[1]!.pages).toBe(Math.ceil(r!.rendered!.slides.length / 2));
  });

  it('throws InvalidDataError with every problem (exit code 3), never exits', async () => {
    const dir = join(tmp, 'broken');
    cpSync(EXAMPLE, dir, { recursive: true, filter: (s) => !/[\\/]out([\\/]|$)/.test(s) });
    const bad = join(dir, '2021-06-hsk.yaml');
    const { writeFileSync, readFileSync } = await import('node:fs');
    writeFileSync(bad, readFileSync(bad, 'utf8').replace(/^title:/m, 'titel:'));
    const err = await build([bad], { outDir: join(tmp, 'out2') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidDataError);
    expect((err as InvalidDataError).exitCode).toBe(ExitCode.INVALID_DATA);
    expect((err as InvalidDataError).problems.map((p) => p.message)).toContain('unknown key "titel"');
  });
});
