import { describe, expect, it } from 'vitest';
import { BASE_ARGS, launchArgs, sandboxDecision } from '../../src/browser/args.js';

describe('sandboxDecision', () => {
  const none = () => false;
  it('keeps the sandbox for a normal user outside containers', () => {
    expect(sandboxDecision({}, 'linux', () => 1000, none)).toEqual({ noSandbox: false, reason: 'not root and not in a container' });
    expect(launchArgs(sandboxDecision({}, 'linux', () => 1000, none))).not.toContain('--no-sandbox');
  });
  it('turns it off as root, in a container, or when asked', () => {
    expect(sandboxDecision({}, 'linux', () => 0, none)).toMatchObject({ noSandbox: true, reason: 'running as root' });
    expect(sandboxDecision({}, 'linux', () => 1000, (p) => p === '/run/.containerenv')).toMatchObject({
      noSandbox: true,
      reason: 'container detected (/run/.containerenv)',
    });
    expect(sandboxDecision({}, 'linux', () => 1000, (p) => p === '/.dockerenv').noSandbox).toBe(true);
    expect(sandboxDecision({ RATSDECK_NO_SANDBOX: '1' }, 'linux', () => 1000, none).noSandbox).toBe(true);
    expect(sandboxDecision({ RATSDECK_NO_SANDBOX: '0' }, 'linux', () => 1000, none).noSandbox).toBe(false);
  });
  it('keeps it on Windows and macOS', () => {
    expect(sandboxDecision({}, 'win32', undefined, none).noSandbox).toBe(false);
    expect(sandboxDecision({}, 'darwin', () => 0, none).noSandbox).toBe(false);
  });
});

describe('launchArgs', () => {
  it('has the offline and reproducibility flags, --no-sandbox first when needed', () => {
    const args = launchArgs({ noSandbox: true, reason: '' }, ['--lang=de']);
    expect(args[0]).toBe('--no-sandbox');
    for (const a of ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions', '--font-render-hinting=none', '--disable-gpu', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND']) {
      expect(args).toContain(a);
    }
    expect(args.at(-1)).toBe('--lang=de');
    expect(args).toHaveLength(BASE_ARGS.length + 2);
  });
});
