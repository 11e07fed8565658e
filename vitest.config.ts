import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Test files that need a program besides Node.js say so in their first lines:
 * `// needs: browser` (a Chromium, Chrome or Edge, found the way ratsdeck finds it),
 * `// needs: libreoffice` (soffice, to open the PowerPoint files we write) and
 * `// needs: poppler` (pdftotext, pdfinfo and pdffonts, to read PDFs back). Where one is missing, those
 * files are skipped with a message that says how to install it, so `npm test` passes on a
 * machine with only Node.js. In CI nothing is skipped: a missing program fails the run.
 */
const ROOT = import.meta.dirname;
const CI = !!process.env.CI;

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function onPath(cmd: string): boolean {
  try {
    execFileSync(process.platform === 'win32' ? 'where' : 'which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The browser ratsdeck would use (dist/ is built by `npm test` before vitest runs). */
async function findBrowser(): Promise<string | undefined> {
  const finder = join(ROOT, 'dist', 'browser', 'find.js');
  if (!existsSync(finder)) return undefined;
  const { findBrowser: find, defaultFileExists } = (await import(finder)) as typeof import('./src/browser/find.js');
  try {
    return find({}, process.env, process.platform, defaultFileExists).path;
  } catch {
    return undefined;
  }
}

const browser = await findBrowser();
// Tests that launch a browser themselves take the one found here.
if (browser) process.env.RATSDECK_BROWSER ??= browser;
const have: Record<string, { ok: boolean; install: string }> = {
  browser: {
    ok: !!browser,
    install:
      'install Chromium, Google Chrome or Microsoft Edge (Debian: apt-get install chromium), or set RATSDECK_BROWSER to one (see "A browser for the PDFs" in the README)',
  },
  libreoffice: {
    ok: onPath('soffice') || onPath('libreoffice'),
    install: 'install LibreOffice Impress (Debian/Ubuntu: apt-get install libreoffice-impress; Windows: libreoffice.org, with soffice.exe on PATH)',
  },
  poppler: {
    ok: onPath('pdftotext') && onPath('pdfinfo') && onPath('pdffonts'),
    install: 'install poppler (Debian/Ubuntu: apt-get install poppler-utils; Windows: the poppler package of your package manager, e.g. winget or scoop)',
  },
};

const exclude: string[] = [];
if (!CI) {
  const skipped = new Map<string, string[]>();
  for (const file of testFiles(join(ROOT, 'test'))) {
    const head = readFileSync(file, 'utf8').slice(0, 2000);
    for (const m of head.matchAll(/^\/\/ needs: ([a-z, ]+)$/gm)) {
      for (const need of m[1]!.split(/[ ,]+/).filter(Boolean)) {
        if (have[need]?.ok === false) {
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
