import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { allowedRoots, isAllowedUrl } from '../../src/browser/requests.js';

describe('isAllowedUrl', () => {
  const base = mkdtempSync(join(tmpdir(), 'ratsdeck-req-'));
  const deck = join(base, 'out', 'deck');
  mkdirSync(deck, { recursive: true });
  const link = join(base, 'link');
  symlinkSync(deck, link);
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const roots = allowedRoots(deck);
  const url = (p: string) => pathToFileURL(p).href;

  it('allows files under the folder and inline URLs', () => {
    expect(isAllowedUrl(url(join(deck, 'index.html')), roots)).toBe(true);
    expect(isAllowedUrl(url(join(deck, 'dist', 'reveal.js')) + '?v=1#x', roots)).toBe(true);
    expect(isAllowedUrl(url(join(deck, 'fonts', 'Source Sans 3.woff2')), roots)).toBe(true);
    expect(isAllowedUrl(url(deck), roots)).toBe(true);
    for (const u of ['data:image/png;base64,AAAA', 'blob:file:///1234', 'about:blank', 'DATA:text/plain,x']) {
      expect(isAllowedUrl(u, roots)).toBe(true);
    }
  });

  it('blocks other hosts, other folders and tricks', () => {
    for (const u of [
      'http://example.invalid/x.png',
      'https://fonts.googleapis.com/css2?family=Source+Sans+3',
      'ws://localhost:1234/',
      'chrome://version',
      url(join(base, 'out', 'other', 'x.png')),
      url(join(base, 'out', 'deck-evil', 'x.png')),
      `file://${deck}/../../secret.yaml`,
      `file://${deck}/%2e%2e/%2e%2e/secret.yaml`,
      'file://fileserver/share/x.png',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      expect(isAllowedUrl(u, roots), u).toBe(false);
    }
  });

  it('accepts the folder through a symlink as well as its real path', () => {
    const viaLink = allowedRoots(link);
    expect(isAllowedUrl(url(join(deck, 'a.png')), viaLink)).toBe(true);
    expect(isAllowedUrl(url(join(link, 'a.png')), viaLink)).toBe(true);
    expect(isAllowedUrl(url(join(link, 'a.png')), allowedRoots([join(base, 'nope'), link]))).toBe(true);
  });
});
