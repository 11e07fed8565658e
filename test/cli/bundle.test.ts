// needs: browser
/**
 * The command line as it ships (issue 15): bin/ratsdeck.js runs the esbuild bundle in
 * dist/cli-bundle/, whose chunks load each command's libraries lazily. Most tests call the sources
 * in-process; these run the real bin on a copy of the example project, one command per library
 * chunk (YAML and zod, Handlebars, css-tree, jsdom for the SVG logo, Vega, puppeteer-core and
 * pdf-lib, pptxgenjs, the spreadsheet readers and writers), so that a bundling mistake (a lost
 * export, a file a package reads beside itself) fails here and not on a user's machine.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCount } from '../print/pdf.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');
let tmp: string;
let dir: string;

function ratsdeck(...argv: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-bundle-'));
  dir = join(tmp, 'project');
  cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  writeFileSync(join(tmp, 'sentinel.txt'), 'keep');
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the bundled command line (bin/ratsdeck.js)', () => {
  it('is what bin/ratsdeck.js runs, and prints its version', () => {
    expect(readFileSync(BIN, 'utf8')).toContain('../dist/cli-bundle/main.js');
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(ratsdeck('--version').stdout.trim()).toBe(pkg.version);
  });

  it('validates, builds, prints, writes PowerPoint and PNGs of the example deck', async () => {
    expect(ratsdeck('validate', '2021-09-hfa.yaml').code).toBe(0);
    const r = ratsdeck('build', '2021-09-hfa.yaml', '--pdf', '--pptx', '--png');
    expect(r.code, r.stderr).toBe(0);
    const out = join(dir, 'out', '2021-09-hfa');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<svg'); // the charts (Vega)
    expect(readdirSync(join(out, 'assets')).some((f) => f.endsWith('.svg'))).toBe(true); // the logo (jsdom, DOMPurify)
    expect(await pageCount(join(out, '2021-09-hfa.pdf'))).toBeGreaterThan(20);
    expect(await pageCount(join(out, '2021-09-hfa-handout.pdf'))).toBeGreaterThan(5);
    expect(readFileSync(join(out, '2021-09-hfa.pptx')).subarray(0, 2).toString()).toBe('PK');
    expect(readdirSync(join(out, 'png')).filter((f) => f.endsWith('.png')).length).toBeGreaterThan(20);
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('keep');
  }, 240_000);

  it('writes spreadsheet templates and prints the JSON Schema', () => {
    expect(ratsdeck('template', 'activities', '--xlsx', 'vorlage.xlsx').code).toBe(0);
    expect(readFileSync(join(dir, 'vorlage.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect(ratsdeck('template', 'activities', '--csv', 'vorlage.csv').code).toBe(0);
    expect(existsSync(join(dir, 'vorlage.csv'))).toBe(true);
    const r = ratsdeck('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('$schema');
  });

  it('reports bad data with its position and exit code 3, not a stack trace', () => {
    writeFileSync(join(dir, 'kaputt.yaml'), 'title: Kaputt\nslides:\n  - type: titel\n');
    const r = ratsdeck('validate', 'kaputt.yaml');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/kaputt\.yaml:3:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
