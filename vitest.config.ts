/**
 * Test files that need a program besides Node.js say so in their first line: `// needs: browser`
 * (a Chromium, Chrome or Edge, found the way ratsdeck finds it), `// needs: libreoffice` (soffice,
 * to open the PowerPoint files we write). Where one is missing, those files are skipped with a
 * message that says how to install it, so `npm test` passes on a machine with only Node.js. In CI
 * nothing is skipped: a missing program fails the run. (PDFs are read back
 * with pdf.js and pdf-lib, which are dependencies: no test needs poppler or qpdf.)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { defaultFileExists, findBrowser } from './src/browser/find.js';
import { onPath } from './test/helpers/on-path.js';

const ROOT = import.meta.dirname;
const CI = !!process.env.CI && process.env.CI !== 'false';

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}


function browserPath(): string | undefined {
  try {
    return findBrowser({}, process.env, process.platform, defaultFileExists).path;
  } catch {
    return undefined;
  }
}

const browser = browserPath();
// Tests that launch a browser themselves take the one found here.
if (browser) process.env.RATSDECK_BROWSER ??= browser;
const have: Record<string, { ok: boolean; install: string }> = {
  browser: {
    ok: !!browser,
    install:
      'install Chromium, Google Chrome or Microsoft Edge (Debian: apt-get install chromium; Windows: Edge is there, or set RATSDECK_BROWSER to its full path), see "A browser for the PDFs" in the README',
  },
  libreoffice: {
    ok: onPath('soffice') || onPath('libreoffice'),
    install: 'install LibreOffice Impress (Debian/Ubuntu: apt-get install libreoffice-impress; Windows: libreoffice.org, with soffice.exe on PATH)',
  },
};

const exclude: string[] = [];
if (!CI) {
  const skipped = new Map<string, string[]>();
  for (const file of testFiles(join(ROOT, 'test'))) {
    const head = readFileSync(file, 'utf8').slice(0, 2000);
    for (const m of head.matchAll(/^\/\/ needs: ([a-z, ]+)$/gm)) {
      for (const need of m[1]!.split(/[ ,]+/).filter(Boolean)) {
        if (!have[need]) throw new Error(`${relative(ROOT, file)}: unknown "// needs: ${need}" (known: ${Object.keys(have).join(', ')})`);
        if (!have[need].ok) {
          const rel = relative(ROOT, file).split('\\').join('/');
          exclude.push(rel);
          skipped.set(need, [...(skipped.get(need) ?? []), rel]);
        }
      }
    }
  }
  for (const [need, files] of skipped) {
    process.stderr.write(`\nSkipping ${files.length} test file${files.length === 1 ? '' : 's'} that need ${need === 'browser' ? 'a browser' : need}: ${have[need]!.install}.\n  ${files.join('\n  ')}\n`);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...exclude, '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser tests share one Chromium per file; two cores here, so keep parallelism modest.
    maxWorkers: 2,
  },
});
