/**
 * The browser stage: find Chromium/Chrome/Edge, launch it lazily and once, hand out pages that
 * load nothing from the network, and always close it. The only importer of puppeteer-core,
 * and only through a dynamic import at launch: importing this module loads no puppeteer.
 */
export {
  BROWSER_ENV_VARS,
  BROWSER_NAMES,
  BrowserNotFoundError,
  defaultFileExists,
  findBrowser,
  installLocations,
  notFoundHint,
  whichBrowser,
  type BrowserSource,
  type FileExists,
  type FindBrowserOptions,
  type FoundBrowser,
} from './find.js';
export { BASE_ARGS, CONTAINER_MARKERS, launchArgs, sandboxDecision, type SandboxDecision } from './args.js';
export { allowedRoots, isAllowedUrl } from './requests.js';
export { type Leftover } from './profile.js';
export { DEFAULT_LAUNCH_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, TimeoutError, formatMs, withTimeout, type TimeoutOptions } from './timeout.js';
export {
  BrowserManager,
  withBrowser,
  withPage,
  type Browser,
  type BrowserManagerOptions,
  type Page,
  type PageOptions,
} from './manager.js';
