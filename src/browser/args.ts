/**
 * Command-line flags for the browser. Pure functions: the manager and `ratsdeck doctor` show
 * and use the same decision.
 */
import { existsSync } from 'node:fs';

export interface SandboxDecision {
  /** Whether `--no-sandbox` is passed. */
  noSandbox: boolean;
  /** Why, for `ratsdeck doctor` and --debug. */
  reason: string;
}

/** Files that container runtimes create (Docker, Podman). */
export const CONTAINER_MARKERS = ['/.dockerenv', '/run/.containerenv'] as const;

/**
 * Chromium's sandbox does not work as root, and usually not in containers (no user
 * namespaces), so `--no-sandbox` is added there and only there; elsewhere the sandbox stays on.
 */
export function sandboxDecision(
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
  getuid: (() => number) | undefined = process.getuid?.bind(process),
  exists: (path: string) => boolean = existsSync,
): SandboxDecision {
  if (env.RATSDECK_NO_SANDBOX === '1') return { noSandbox: true, reason: 'RATSDECK_NO_SANDBOX=1' };
  if (platform === 'win32' || platform === 'darwin') return { noSandbox: false, reason: `sandbox works on ${platform}` };
  if (getuid?.() === 0) return { noSandbox: true, reason: 'running as root' };
  const marker = CONTAINER_MARKERS.find((m) => exists(m));
  if (marker !== undefined) return { noSandbox: true, reason: `container detected (${marker})` };
  return { noSandbox: false, reason: 'not root and not in a container' };
}

/**
 * Flags added to puppeteer's defaults. The background-networking group matters: without it
 * Chromium contacts Google hosts (component updates, safe browsing, sync) on start, which a
 * locked-down council network blocks, and which a tool for public documents should not do.
 */
export const BASE_ARGS = [
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  // Same glyph metrics on every machine, so page breaks in PDFs do not depend on hinting.
  '--font-render-hinting=none',
  // Even with the flags above, Chromium 156 still asks for update.googleapis.com,
  // accounts.google.com and clients2.google.com (seen with --log-net-log; strace showed the DNS
  // queries). No host name resolves inside the browser, so none of it leaves the machine. Pages
  // load only file:// URLs, and the DevTools connection is to 127.0.0.1, so nothing else is lost.
  '--host-resolver-rules=MAP * ~NOTFOUND',
] as const;

export function launchArgs(sandbox: SandboxDecision, extra: readonly string[] = []): string[] {
  return [...(sandbox.noSandbox ? ['--no-sandbox'] : []), ...BASE_ARGS, ...extra];
}
