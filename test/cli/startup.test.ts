/**
 * What each command loads (issue 15): a command compiles only the chunks of the bundle it uses,
 * so that `--version`, `validate` and an HTML build stay close to Node's own start. A static
 * import in the wrong place (the PowerPoint writer in the build use case, the renderer in the
 * loader) drags megabytes of code into every run without breaking anything; this test notices.
 * It runs the real bin with a module hook that records every ES module file loaded, and looks
 * up which libraries those bundle chunks hold (esbuild marks each module with a
 * `// node_modules/<package>/…` line).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'ratsdeck.js');
let tmp: string;
let dir: string;
let hook: string;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-startup-'));
  dir = join(tmp, 'project');
  cpSync(join(ROOT, 'decks'), dir, { recursive: true, filter: (src) => !/[\\/]out([\\/]|$)/.test(src) });
  writeFileSync(join(tmp, 'sentinel.txt'), 'keep');
  // A load hook (module.register, Node 20.6+) that appends each file:// URL to $RATSDECK_LOADED.
  writeFileSync(
    join(tmp, 'loader.mjs'),
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      "  if (url.startsWith('file:')) appendFileSync(process.env.RATSDECK_LOADED, url + '\\n');\n" +
      '  return next(url, context);\n' +
      '}\n',
  );
  hook = join(tmp, 'hook.mjs');
  writeFileSync(hook, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(tmp, 'loader.mjs')).href)});\n`);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The libraries in the bundle chunks a command loaded, and its exit code. */
function librariesLoadedBy(...argv: string[]): { code: number | null; stderr: string; libraries: Set<string> } {
  const log = join(tmp, `loaded-${argv[0]}.txt`);
  rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(hook).href, BIN, ...argv], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', RATSDECK_LOADED: log },
    timeout: 120_000,
  });
  const libraries = new Set<string>();
  const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  for (const url of urls) {
    const file = fileURLToPath(url);
    if (!file.includes(join('dist', 'cli-bundle'))) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/\s]+)\//gm)) libraries.add(m[1]!);
  }
  return { code: r.status, stderr: r.stderr, libraries };
}

describe('what a command loads (the bundled command line)', () => {
  it('sees the libraries of the chunks it loads (the hook works)', () => {
    const r = librariesLoadedBy('validate', '2021-09-hfa.yaml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.libraries).toContain('yaml');
    expect(r.libraries).toContain('zod');
  });

  it('--version loads none of the libraries of the pipeline', () => {
    const r = librariesLoadedBy('--version');
    expect(r.code, r.stderr).toBe(0);
    for (const lib of ['yaml', 'zod', 'handlebars', 'markdown-it', 'css-tree']) expect(r.libraries, lib).not.toContain(lib);
  });

  it('validate loads no renderer, no browser stage and no file writers', () => {
    const r = librariesLoadedBy('validate', '2021-09-hfa.yaml');
    for (const lib of ['handlebars', 'puppeteer-core', 'pdf-lib', 'jszip', 'pptxgenjs', 'vega', 'write-excel-file', 'markdown-it']) expect(r.libraries, lib).not.toContain(lib);
  });

  it('an HTML build loads neither the browser stage nor the PowerPoint writer', () => {
    const r = librariesLoadedBy('build', '2021-09-hfa.yaml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.libraries).toContain('handlebars');
    for (const lib of ['puppeteer-core', 'pdf-lib', 'jszip', 'pako', 'pptxgenjs', 'chromium-bidi']) expect(r.libraries, lib).not.toContain(lib);
    expect(readFileSync(join(tmp, 'sentinel.txt'), 'utf8')).toBe('keep');
  });

  it('the bundle carries zod in English only', () => {
    const all = readdirSync(join(ROOT, 'dist', 'cli-bundle')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(ROOT, 'dist', 'cli-bundle', f), 'utf8')).join('\n');
    expect(all).toContain('// node_modules/zod/v4/locales/en.js');
    expect(all).not.toContain('// node_modules/zod/v4/locales/de.js');
  });
});
