/**
 * What the OParl use cases share: the city's council information system as ratsdeck.yaml
 * configures it (`oparl: { body }`, the committees' `oparl:` URLs), and a reader that asks
 * only those hosts (plus a URL given on the command line), keeps what it fetched in the
 * project's `_oparl/`, and reads only from there with `--offline`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadYamlFile } from '../data/yaml.js';
import { OparlCache, OparlClient, OparlReader, type CommitteeRef } from '../oparl/index.js';
import { DATA_DIR, OPARL_DIR, type Project } from '../project/project.js';
import type { Reporter } from './reporter.js';

/** How the council information system is read; every field optional. */
export interface OparlSettings {
  /** Read only what `_oparl/` holds from earlier commands; ask no server. */
  offline?: boolean;
  /** How long one request may take, in ms (default 30 000); timeouts and 5xx are tried again three times. */
  timeoutMs?: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** The wait before retry n, in ms (default 500·2ⁿ, at most the timeout). */
  retryDelayMs?: (n: number) => number;
}

export const DEFAULT_OPARL_TIMEOUT_MS = 30_000;

export interface OparlConfig {
  /** `oparl: { body }` of ratsdeck.yaml. */
  body?: string;
  /** The project's committees (ratsdeck.yaml, or _data/committees.yaml where that replaces them). */
  committees: CommitteeRef[];
}

function committeesIn(v: unknown): CommitteeRef[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.flatMap((c) => {
    const o = (c ?? {}) as Record<string, unknown>;
    if (typeof o.id !== 'string') return [];
    const ref: CommitteeRef = { id: o.id };
    if (typeof o.name === 'string') ref.name = o.name;
    if (typeof o.shortName === 'string') ref.shortName = o.shortName;
    if (typeof o.oparl === 'string') ref.oparl = o.oparl;
    return [ref];
  });
}

export function readOparlConfig(project: Project): OparlConfig {
  const out: OparlConfig = { committees: [] };
  if (project.configFile) {
    const v = loadYamlFile(project.configFile).value as { oparl?: { body?: unknown }; committees?: unknown } | undefined;
    if (v && typeof v === 'object') {
      if (typeof v.oparl?.body === 'string') out.body = v.oparl.body;
      out.committees = committeesIn(v.committees) ?? [];
    }
  }
  // The cascade: a _data/committees.yaml replaces the list of ratsdeck.yaml.
  const data = join(project.root, DATA_DIR, 'committees.yaml');
  if (existsSync(data)) out.committees = committeesIn(loadYamlFile(data).value) ?? out.committees;
  return out;
}

/**
 * Runs `fn` with a reader for the project's council information system and closes its
 * connections afterwards. `urls` are hosts allowed besides the configured ones (a URL from the
 * command line); `write: false` keeps `_oparl/` as it is (--dry-run).
 */
export async function withOparlReader<T>(
  project: Project,
  settings: OparlSettings,
  opts: { urls?: string[]; write?: boolean; reporter: Reporter },
  fn: (reader: OparlReader, config: OparlConfig) => Promise<T>,
): Promise<T> {
  const config = readOparlConfig(project);
  const warn = (line: string) => opts.reporter.warn(line);
  const client = settings.offline
    ? undefined
    : new OparlClient({
        timeoutMs: settings.timeoutMs ?? DEFAULT_OPARL_TIMEOUT_MS,
        env: settings.env ?? process.env,
        warn,
        ...(settings.retryDelayMs ? { retryDelayMs: settings.retryDelayMs } : {}),
      });
  for (const u of [config.body, ...config.committees.map((c) => c.oparl), ...(opts.urls ?? [])]) if (u) client?.allow(u);
  const cache = new OparlCache(join(project.root, OPARL_DIR), opts.write !== false && !settings.offline);
  const reader = new OparlReader({ ...(client ? { client } : {}), cache, warn });
  try {
    return await fn(reader, config);
  } finally {
    await client?.close();
  }
}
