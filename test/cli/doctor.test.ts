// needs: browser
/** `ratsdeck doctor` through main(), with the real Chromium of this machine. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxDecision } from '../../src/browser/args.js';
import { defaultFileExists, findBrowser, installLocations, notFoundHint, type FoundBrowser } from '../../src/browser/find.js';
import { main } from '../../src/cli/main.js';
import { runDoctor, type DoctorReport } from '../../src/usecases/doctor.js';
import { browserPath } from '../browser/chromium.js';
import { onlyWith } from '../helpers/platform.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => ((out += s), true) },
      stderr: { write: (s: string) => ((err += s), true) },
    },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

let project: string;
let env: NodeJS.ProcessEnv;
/** What doctor should find: the search without the variables, else RATSDECK_BROWSER as the test run found it. */
let expected: FoundBrowser;

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'ratsdeck-doctor-'));
  writeFileSync(join(project, 'ratsdeck.yaml'), 'lang: de\n');
  writeFileSync(join(project, '2021-05-hfa.yaml'), 'title: HFA\nslides: []\n');
  mkdirSync(join(project, 'hsk'));
  writeFileSync(join(project, 'hsk', '2021-06-hsk.yaml'), 'title: HSK\nslides: []\n');
  mkdirSync(join(project, '_data'));
  writeFileSync(join(project, '_data', 'activities.yaml'), '[]\n');
  // The search must not be steered by the environment of whoever runs the tests.
  env = { ...process.env };
  delete env.RATSDECK_BROWSER;
  delete env.PUPPETEER_EXECUTABLE_PATH;
  delete env.CHROME_PATH;
  try {
    expected = findBrowser({}, env, process.platform, defaultFileExists);
  } catch {
    // This machine's browser is only known by the variable (a custom install): name it so.
    env.RATSDECK_BROWSER = browserPath();
    expected = findBrowser({}, env, process.platform, defaultFileExists);
  }
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('ratsdeck doctor', () => {
  it('--json reports a working browser, where it was found, and the project; exit 0', async () => {
    const c = capture();
    const code = await main(['doctor', '--json'], { ...c.io, cwd: join(project, 'hsk'), env });
    expect(code, c.err).toBe(0);
    const r = JSON.parse(c.out) as DoctorReport;
    expect(r.ok).toBe(true);
    expect(r.browser.works).toBe(true);
    expect(r.browser.path).toBe(expected.path);
    expect(r.browser.source).toBe(expected.source);
    expect(r.browser.version).toMatch(/Chrome\/\d+\./);
    expect(r.browser.launchMs).toBeGreaterThan(0);
    expect(r.node).toEqual({ version: process.versions.node, required: '>=20.19', ok: true });
    expect(r.sandbox).toEqual(sandboxDecision(env));
    // Every font file the built-in themes load ships with ratsdeck.
    expect(r.fonts.theme.length).toBeGreaterThanOrEqual(6);
    expect(r.fonts.theme.every((t) => t.present)).toBe(true);
    expect(r.fonts.theme.map((t) => t.package)).toContain('fonts/source-sans-3-latin-400-normal.woff2');
    expect(r.fonts.fcList.available).toBe(defaultFileExists('/usr/bin/fc-list'));
    if (r.fonts.fcList.available) expect(r.fonts.fcList.count).toBeGreaterThan(0);
    expect(r.project).toEqual({ found: true, root: project, configFile: join(project, 'ratsdeck.yaml'), decks: 2 });
  });

  it('prints a report for people on stderr, nothing on stdout', async () => {
    const c = capture();
    const code = await main(['doctor'], { ...c.io, cwd: project, env });
    expect(code, c.err).toBe(0);
    expect(c.out).toBe('');
    expect(c.err).toContain(`browser   ${expected.path} (found via ${expected.how})`);
    expect(c.err).toMatch(/version {3}(Headless)?Chrome\/\d+\.\S+ \(started in \d+/);
    const sandbox = sandboxDecision(env);
    expect(c.err).toContain(`sandbox   ${sandbox.noSandbox ? `off: --no-sandbox (${sandbox.reason})` : `on (${sandbox.reason})`}`);
    expect(c.err).toContain(`project   ${project} (2 deck files)`);
  });

  it('exits 5 naming RATSDECK_BROWSER when it points nowhere', async () => {
    const c = capture();
    const code = await main(['doctor', '--json'], { ...c.io, cwd: project, env: { ...env, RATSDECK_BROWSER: '/nonexistent' } });
    expect(code).toBe(5);
    const r = JSON.parse(c.out) as DoctorReport;
    expect(r.ok).toBe(false);
    expect(r.browser.found).toBe(false);
    expect(r.browser.works).toBe(false);
    expect(r.browser.error).toContain('/nonexistent');
    expect(c.err).toContain('error: browser given by RATSDECK_BROWSER: /nonexistent does not exist');
  });

  it('reports everything it tried when there is no browser at all', async () => {
    const r = await runDoctor({ cwd: project, env: { PATH: '/opt/empty' }, fileExists: () => false });
    expect(r.ok).toBe(false);
    expect(r.browser).toMatchObject({ found: false, works: false });
    for (const loc of installLocations({ PATH: '/opt/empty' }, process.platform)) expect(r.browser.tried).toContain(loc);
    expect(r.browser.tried).toContain('RATSDECK_BROWSER (not set)');
    expect(r.browser.tried.at(-1)).toMatch(/^chromium, .* on PATH \(\/opt\/empty\)$/);
    expect(r.browser.error).toMatch(/^no Chromium, Chrome or Edge found; tried:/);
    expect(r.browser.hint).toBe(notFoundHint(process.platform));
  });

  it('exits 5 when --browser names a program that is not on PATH', async () => {
    const c = capture();
    const code = await main(['doctor', '--browser', 'no-such-browser'], { ...c.io, cwd: project, env: { ...env, PATH: '/opt/empty' } });
    expect(code).toBe(5);
    expect(c.err).toContain('error: browser given by --browser: "no-such-browser" was not found on PATH');
    expect(c.err).not.toContain('internal error');
  });

  onlyWith(['posix'], 'a shell script stands in for the browser').it('uses browser: from ratsdeck.yaml, resolved against its folder, and exits 5 when it does not start', async () => {
    const sub = mkdtempSync(join(tmpdir(), 'ratsdeck-doctor-cfg-'));
    try {
      mkdirSync(join(sub, 'tools'));
      const fake = join(sub, 'tools', 'fake-chrome');
      writeFileSync(fake, '#!/bin/sh\necho "fake browser refuses" >&2\nexit 3\n');
      chmodSync(fake, 0o755);
      writeFileSync(join(sub, 'ratsdeck.yaml'), 'browser: tools/fake-chrome\n');
      mkdirSync(join(sub, 'decks'));
      const c = capture();
      const code = await main(['doctor', '--json'], { ...c.io, cwd: join(sub, 'decks'), env });
      expect(code).toBe(5);
      const r = JSON.parse(c.out) as DoctorReport;
      expect(r.browser).toMatchObject({ found: true, works: false, path: fake, source: 'option', explicit: true });
      expect(r.browser.error).toContain('fake browser refuses');
      expect(c.err).toContain(`error: could not start the browser ${fake} (found via browser: in ${join(sub, 'ratsdeck.yaml')})`);
      // The flag wins over the config.
      const c2 = capture();
      expect(await main(['doctor', '--browser', expected.path], { ...c2.io, cwd: sub, env })).toBe(0);
    } finally {
      rmSync(sub, { recursive: true, force: true });
    }
  });
});
