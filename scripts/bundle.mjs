#!/usr/bin/env node
/**
 * Bundles the command line into dist/cli-bundle/ (issue 15): one small entry file with what every
 * command needs (commander, the flags), and one lazily loaded chunk per command and per heavy
 * library, so that a command loads only what it uses. Node's ESM loader spends most of a short
 * command resolving and reading hundreds of small files; a few bundled files cost a fraction
 * of that. The bundle is a build output of src/ (run by `npm run build`), not a second codebase.
 *
 * Left to Node (external): packages that read their own files at run time or run in the
 * browser or a worker (reveal.js, axe-core, pdfjs-dist, jsdom, read-excel-file). puppeteer-core
 * is bundled: loaded from its 180 files it took half a second before the browser could start,
 * bundled 0.2 s (its BiDi protocol part is a chunk of its own that a CDP connection never loads).
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'cli-bundle');

export const EXTERNAL = ['reveal.js', 'axe-core', 'pdfjs-dist', 'jsdom', 'read-excel-file'];

/**
 * zod's messages in English only: its namespace object exports every locale (350 kB of the
 * bundle, compiled by every command that validates), and ratsdeck words its problems itself;
 * zod's English stays the default it sets.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: 'export { default as en } from "./en.js";', resolveDir: dirname(args.path), loader: 'js' }));
  },
};

rmSync(OUT, { recursive: true, force: true });
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  // The ES module builds of packages that have both: their named exports survive a dynamic import.
  mainFields: ['module', 'main'],
  target: 'node20.19',
  chunkNames: '[name]-[hash]',
  external: EXTERNAL,
  // Lets a module choose the bundled way to load a package (src/bundle/css.ts).
  define: { __RATSDECK_BUNDLE__: 'true' },
  // Bundled CommonJS packages call require(); in an ES module it has to be made.
  banner: { js: "import { createRequire as __ratsdeckRequire } from 'node:module'; const require = __ratsdeckRequire(import.meta.url);" },
  sourcemap: 'linked',
  legalComments: 'linked',
  metafile: true,
  plugins: [zodEnglishOnly],
  logLevel: 'warning',
});

// The build id: part of every key of the disk cache (src/output/cache.ts), so that entries made
// by another build, or with other versions of the packages left to Node, are never read.
{
  const id = createHash('sha256');
  for (const f of readdirSync(OUT).filter((n) => n.endsWith('.js')).sort()) id.update(f).update(readFileSync(join(OUT, f)));
  const require = createRequire(join(ROOT, 'package.json'));
  for (const pkg of [...EXTERNAL, 'dompurify', 'css-tree']) {
    try {
      id.update(`${pkg}@${JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version}`);
    } catch {
      id.update(`${pkg}@?`);
    }
  }
  writeFileSync(join(OUT, 'build-id.txt'), id.digest('hex').slice(0, 32) + '\n');
}

const bytes = Object.entries(result.metafile.outputs)
  .filter(([f]) => f.endsWith('.js'))
  .reduce((n, [, o]) => n + o.bytes, 0);
const entry = result.metafile.outputs['dist/cli-bundle/main.js'];
process.stderr.write(`bundled the command line into dist/cli-bundle/ (${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length} files, ${(bytes / 1e6).toFixed(1)} MB; entry ${(entry.bytes / 1e3).toFixed(0)} kB)\n`);
