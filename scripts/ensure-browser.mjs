#!/usr/bin/env node
// Makes sure a Chromium-family browser is on this machine for the PDF handouts, without ever
// downloading a browser from the web (administration networks forbid it): on Debian/Ubuntu as
// root it installs the distribution's package; otherwise it says exactly what to run.
// Used by `npm start` (prestart) and by CI. Exits 0 either way: HTML decks need no browser.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

async function found() {
  try {
    const { findBrowser, defaultFileExists } = await import('../dist/browser/find.js');
    const b = findBrowser({}, process.env, process.platform, defaultFileExists);
    return b.path;
  } catch {
    return undefined;
  }
}

const say = (s) => process.stderr.write(`ratsdeck setup: ${s}\n`);
const path = await found();
if (path) {
  say(`browser for PDFs: ${path}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = process.platform === 'linux' && existsSync('/usr/bin/apt-get');
if (hasApt && isRoot) {
  let pkg = 'chromium';
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    const show = spawnSync('apt-cache', ['show', 'chromium'], { stdio: 'ignore' });
    if (show.status !== 0) pkg = 'chromium-browser';
    say(`no browser found; installing the distribution's ${pkg} package (apt-get install ${pkg})`);
    execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (err) {
    say(`could not install ${pkg}: ${err.message}`);
  }
  const after = await found();
  say(after ? `browser for PDFs: ${after}` : 'still no browser; PDFs will fail until one is installed (see README, "A browser for the PDFs")');
  process.exit(0);
}

say('no Chromium, Chrome or Edge found; HTML decks build without one, PDFs need one:');
if (process.platform === 'linux') {
  say('  Debian:  sudo apt-get install chromium');
  say('  Ubuntu:  sudo apt-get install chromium-browser   (or install Google Chrome or Microsoft Edge)');
} else if (process.platform === 'darwin') {
  say('  install Google Chrome or Microsoft Edge (or Chromium)');
} else if (process.platform === 'win32') {
  // msedge.exe and chrome.exe are not on the PATH: only a full path works.
  const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
  say('  Windows comes with Microsoft Edge; if yours is elsewhere, set RATSDECK_BROWSER to its full path:');
  say(`    PowerShell: $env:RATSDECK_BROWSER = "${edge}"`);
  say(`    cmd:        set "RATSDECK_BROWSER=${edge}"`);
  say('  (Google Chrome: C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe)');
}
say('  or set RATSDECK_BROWSER to the full path of a Chromium-family browser (see README, "A browser for the PDFs").');
process.exit(0);
