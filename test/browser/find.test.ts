import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BrowserNotFoundError,
  defaultFileExists,
  findBrowser,
  installLocations,
  type FoundBrowser,
} from '../../src/browser/find.js';
import { RatsdeckError } from '../../src/errors.js';
import { IN_CI, onlyWith } from '../helpers/platform.js';
import { BROWSER } from './chromium.js';

/** A fake file system: exactly these executables exist. Records every path looked at. */
function fakeFs(...files: string[]) {
  const set = new Set(files);
  const looked: string[] = [];
  const exists = (p: string) => {
    looked.push(p);
    return set.has(p);
  };
  return { exists, looked };
}

function thrown(fn: () => unknown): RatsdeckError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(RatsdeckError);
    return err as RatsdeckError;
  }
  throw new Error('expected an error');
}

const pick = (f: FoundBrowser) => ({ path: f.path, source: f.source, explicit: f.explicit });

describe('findBrowser on Linux', () => {
  const env = { PATH: '/usr/local/bin:/usr/bin:/home/u/bin' };
  const everything = [
    '/tmp/my/chrome',
    '/env/ratsdeck',
    '/env/puppeteer',
    '/env/chrome-path',
    '/usr/bin/chromium',
    '/opt/google/chrome/chrome',
    '/home/u/bin/msedge',
  ];

  it('takes each step of the order in turn', () => {
    const fullEnv = {
      ...env,
      RATSDECK_BROWSER: '/env/ratsdeck',
      PUPPETEER_EXECUTABLE_PATH: '/env/puppeteer',
      CHROME_PATH: '/env/chrome-path',
    };
    const files = [...everything];
    const steps: ReturnType<typeof pick>[] = [];
    let opts: { browser?: string } = { browser: '/tmp/my/chrome' };
    const e: Record<string, string> = { ...fullEnv };
    // Remove the winner of each step and look again.
    for (;;) {
      let f: FoundBrowser;
      try {
        f = findBrowser(opts, e, 'linux', fakeFs(...files).exists);
      } catch (err) {
        expect(err).toBeInstanceOf(BrowserNotFoundError);
        break;
      }
      steps.push(pick(f));
      if (f.source === 'option') opts = {};
      else if (f.source === 'RATSDECK_BROWSER') delete e.RATSDECK_BROWSER;
      files.splice(files.indexOf(f.path), 1);
    }
    expect(steps).toEqual([
      { path: '/tmp/my/chrome', source: 'option', explicit: true },
      { path: '/env/ratsdeck', source: 'RATSDECK_BROWSER', explicit: true },
      { path: '/env/puppeteer', source: 'PUPPETEER_EXECUTABLE_PATH', explicit: false },
      { path: '/env/chrome-path', source: 'CHROME_PATH', explicit: false },
      { path: '/usr/bin/chromium', source: 'install-location', explicit: false },
      { path: '/opt/google/chrome/chrome', source: 'install-location', explicit: false },
      { path: '/home/u/bin/msedge', source: 'PATH', explicit: false },
    ]);
  });

  it('prefers Chromium, then Chrome, then Edge among install locations', () => {
    const fs = fakeFs('/opt/microsoft/msedge/msedge', '/opt/google/chrome/chrome', '/snap/bin/chromium');
    expect(findBrowser({}, env, 'linux', fs.exists).path).toBe('/snap/bin/chromium');
    const locs = installLocations({}, 'linux');
    expect(locs.indexOf('/usr/bin/chromium')).toBeLessThan(locs.indexOf('/opt/google/chrome/chrome'));
    expect(locs.indexOf('/opt/google/chrome/chrome')).toBeLessThan(locs.indexOf('/opt/microsoft/msedge/msedge'));
  });

  it('looks names up on PATH in name order, then PATH order', () => {
    // msedge's folder comes first on PATH, but google-chrome comes first among the names.
    const fs = fakeFs('/usr/local/bin/msedge', '/home/u/bin/google-chrome', '/home/u/bin/google-chrome-stable');
    const f = findBrowser({}, env, 'linux', fs.exists);
    expect(f).toMatchObject({ path: '/home/u/bin/google-chrome', source: 'PATH', how: 'PATH (google-chrome)' });
  });

  it('skips a stale PUPPETEER_EXECUTABLE_PATH or CHROME_PATH and says so', () => {
    const fs = fakeFs('/usr/bin/chromium');
    const f = findBrowser({}, { ...env, PUPPETEER_EXECUTABLE_PATH: '/gone/chrome', CHROME_PATH: '/gone/too' }, 'linux', fs.exists);
    expect(f.path).toBe('/usr/bin/chromium');
    expect(f.tried).toContain('PUPPETEER_EXECUTABLE_PATH=/gone/chrome (does not exist; skipped)');
    expect(f.tried).toContain('CHROME_PATH=/gone/too (does not exist; skipped)');
  });

  it('treats an empty variable as not set', () => {
    const fs = fakeFs('/usr/bin/chromium');
    expect(findBrowser({ browser: '' }, { ...env, RATSDECK_BROWSER: '  ' }, 'linux', fs.exists).source).toBe('install-location');
  });

  it('looks a bare explicit name up on PATH', () => {
    const fs = fakeFs('/usr/bin/chromium', '/home/u/bin/msedge');
    expect(pick(findBrowser({ browser: 'msedge' }, env, 'linux', fs.exists))).toEqual({
      path: '/home/u/bin/msedge',
      source: 'option',
      explicit: true,
    });
  });

  it('fails with exit 5 naming an explicit path that does not exist, instead of using another browser', () => {
    const fs = fakeFs('/usr/bin/chromium');
    const err = thrown(() => findBrowser({ browser: '/opt/nowhere/chrome' }, env, 'linux', fs.exists));
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain('/opt/nowhere/chrome');
    expect(err.message).toContain('--browser');
    // It did not go looking for a replacement.
    expect(fs.looked).toEqual(['/opt/nowhere/chrome']);
  });

  it('names where the explicit path came from (ratsdeck.yaml, RATSDECK_BROWSER)', () => {
    const fs = fakeFs('/usr/bin/chromium');
    const fromConfig = thrown(() =>
      findBrowser({ browser: '/p/bin/chrome', browserFrom: 'browser: in /p/ratsdeck.yaml' }, env, 'linux', fs.exists),
    );
    expect(fromConfig.exitCode).toBe(5);
    expect(fromConfig.message).toBe('browser given by browser: in /p/ratsdeck.yaml: /p/bin/chrome does not exist or is not an executable file');
    const fromEnv = thrown(() => findBrowser({}, { ...env, RATSDECK_BROWSER: '/nonexistent' }, 'linux', fs.exists));
    expect(fromEnv.exitCode).toBe(5);
    expect(fromEnv.message).toContain('RATSDECK_BROWSER');
    expect(fromEnv.message).toContain('/nonexistent');
    const bare = thrown(() => findBrowser({ browser: 'brave' }, env, 'linux', fs.exists));
    expect(bare.message).toContain('"brave" was not found on PATH');
  });

  it('fails with exit 5 listing everything it tried, and how to fix it', () => {
    const err = thrown(() => findBrowser({}, env, 'linux', fakeFs().exists));
    expect(err).toBeInstanceOf(BrowserNotFoundError);
    expect(err.exitCode).toBe(5);
    for (const p of installLocations(env, 'linux')) expect(err.message).toContain(`\n  ${p}`);
    expect(err.message).toContain('RATSDECK_BROWSER (not set)');
    expect(err.message).toMatch(/chromium, chromium-browser, google-chrome, google-chrome-stable, microsoft-edge, microsoft-edge-stable, msedge, chrome on PATH \(\/usr\/local\/bin:\/usr\/bin:\/home\/u\/bin\)/);
    expect((err as BrowserNotFoundError).tried.length).toBe(installLocations(env, 'linux').length + 4);
    expect(err.hint).toContain('apt-get install chromium');
    expect(err.hint).toContain('RATSDECK_BROWSER');
    expect(err.hint).toMatch(/Chrome or .*Edge/);
  });
});

describe('findBrowser on macOS', () => {
  const env = { PATH: '/usr/bin:/opt/homebrew/bin', HOME: '/Users/anna' };

  it('finds Chrome in /Applications and Edge in ~/Applications, Chrome first', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const edge = '/Users/anna/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge';
    expect(findBrowser({}, env, 'darwin', fakeFs(edge, chrome).exists)).toMatchObject({ path: chrome, source: 'install-location' });
    expect(findBrowser({}, env, 'darwin', fakeFs(edge).exists)).toMatchObject({ path: edge, source: 'install-location' });
  });

  it('accepts an .app bundle as the explicit browser', () => {
    const inner = '/Applications/Chromium.app/Contents/MacOS/Chromium';
    expect(findBrowser({ browser: '/Applications/Chromium.app' }, env, 'darwin', fakeFs(inner).exists).path).toBe(inner);
  });

  it('falls back to PATH (e.g. Homebrew) and then fails with a macOS hint', () => {
    expect(findBrowser({}, env, 'darwin', fakeFs('/opt/homebrew/bin/chromium').exists)).toMatchObject({
      path: '/opt/homebrew/bin/chromium',
      source: 'PATH',
    });
    const err = thrown(() => findBrowser({}, env, 'darwin', fakeFs().exists));
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(err.hint).toContain('/Applications');
  });
});

describe('findBrowser on Windows', () => {
  // Windows variable names are case-insensitive; Node shows them as the system spells them.
  const env = {
    ProgramFiles: 'C:\\Program Files',
    'ProgramFiles(x86)': 'C:\\Program Files (x86)',
    LOCALAPPDATA: 'C:\\Users\\anna\\AppData\\Local',
    Path: 'C:\\Windows\\system32;C:\\Tools',
    PATHEXT: '.COM;.EXE;.BAT;.CMD',
  };
  const edgeX86 = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
  const chromeUser = 'C:\\Users\\anna\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';

  it('finds Edge where Windows puts it', () => {
    expect(pick(findBrowser({}, env, 'win32', fakeFs(edgeX86).exists))).toEqual({
      path: edgeX86,
      source: 'install-location',
      explicit: false,
    });
  });

  it('looks under %PROGRAMFILES%, %PROGRAMFILES(X86)% and %LOCALAPPDATA%, Chrome before Edge', () => {
    expect(findBrowser({}, env, 'win32', fakeFs(edgeX86, chromeUser).exists).path).toBe(chromeUser);
    expect(installLocations(env, 'win32')).toEqual([
      'C:\\Program Files\\Chromium\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Chromium\\Application\\chrome.exe',
      'C:\\Users\\anna\\AppData\\Local\\Chromium\\Application\\chrome.exe',
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
      chromeUser,
      'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
      edgeX86,
      'C:\\Users\\anna\\AppData\\Local\\Microsoft\\Edge\\Application\\msedge.exe',
    ]);
  });

  it('uses the standard folders when the variables are missing', () => {
    expect(findBrowser({}, {}, 'win32', fakeFs(edgeX86).exists).path).toBe(edgeX86);
  });

  it('looks names up on PATH with PATHEXT', () => {
    expect(findBrowser({}, env, 'win32', fakeFs('C:\\Tools\\msedge.exe').exists)).toMatchObject({
      path: 'C:\\Tools\\msedge.exe',
      source: 'PATH',
      how: 'PATH (msedge)',
    });
  });

  it('reads RATSDECK_BROWSER and fails with a Windows hint when nothing is there', () => {
    const mine = 'D:\\Portable\\Chrome\\chrome.exe';
    expect(findBrowser({}, { ...env, RATSDECK_BROWSER: mine }, 'win32', fakeFs(mine, edgeX86).exists).path).toBe(mine);
    const err = thrown(() => findBrowser({}, env, 'win32', fakeFs().exists));
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain(edgeX86);
    expect(err.message).toContain('C:\\Windows\\system32;C:\\Tools');
    expect(err.hint).toContain('Edge');
    // The full paths, since msedge.exe and chrome.exe are not on the PATH.
    expect(err.hint).toContain(`full path, e.g. ${edgeX86} or C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe`);
  });

  it('takes a path typed with quotes (cmd: set RATSDECK_BROWSER="C:\\…")', () => {
    const found = fakeFs(edgeX86).exists;
    expect(findBrowser({}, { ...env, RATSDECK_BROWSER: `"${edgeX86}"` }, 'win32', found).path).toBe(edgeX86);
    expect(findBrowser({ browser: ` '${edgeX86}' ` }, env, 'win32', found).path).toBe(edgeX86);
    expect(findBrowser({}, { ...env, CHROME_PATH: `"${edgeX86}"` }, 'win32', found)).toMatchObject({ path: edgeX86, source: 'CHROME_PATH' });
    // The message names the path without the quotes.
    const err = thrown(() => findBrowser({}, { ...env, RATSDECK_BROWSER: '"D:\\nichts\\msedge.exe"' }, 'win32', found));
    expect(err.message).toBe('browser given by RATSDECK_BROWSER: D:\\nichts\\msedge.exe does not exist or is not an executable file');
  });
});

describe('defaultFileExists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-find-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  onlyWith(['posix'], 'Windows has no execute bit: any file counts').it('accepts executable files only', () => {
    const exe = join(dir, 'exe');
    const plain = join(dir, 'plain');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    writeFileSync(plain, '');
    chmodSync(plain, 0o644);
    expect(defaultFileExists(exe)).toBe(true);
    expect(defaultFileExists(dir)).toBe(false);
    expect(defaultFileExists(join(dir, 'missing'))).toBe(false);
    // Root may execute anything with an x bit, but not a file without one.
    expect(defaultFileExists(plain)).toBe(false);
  });

  // Needs a browser on the machine: in CI one must be there; elsewhere it is skipped without one.
  it.skipIf(!IN_CI && !BROWSER)('finds the real browser of this machine', () => {
    const f = findBrowser({}, process.env, process.platform, defaultFileExists);
    expect(defaultFileExists(f.path)).toBe(true);
  });
});
