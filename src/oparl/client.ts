/**
 * HTTP to the council information system, as an administration's network allows it: the only
 * importer of undici (Node 20's fetch ignores HTTPS_PROXY; undici's EnvHttpProxyAgent reads
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY, taken here from the environment the command was given).
 *
 * - Requests go only to allowed hosts (the configured OParl hosts and a URL given on the
 *   command line), also after a redirect; plain http to a host that is not local is warned about.
 * - Each request has a timeout (connecting, waiting and reading together); timeouts and 5xx
 *   answers are tried again up to three times, waiting 0.5 s, 1 s, 2 s (never longer than the
 *   timeout), then fail with the URL and the cause (exit 8).
 * - Answers larger than 32 MiB are refused: an OParl object or list page is far smaller.
 */
import { EnvHttpProxyAgent, request } from 'undici';
import { version } from '../version.js';
import { OparlError } from './errors.js';

export interface ClientOptions {
  /** How long one request may take, connecting and reading included. */
  timeoutMs: number;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY are read (lower case wins, as with curl). */
  env: NodeJS.ProcessEnv;
  warn(line: string): void;
  /** Retries after a timeout or a 5xx answer (default 3). */
  retries?: number;
  /** The wait before retry `n` (0-based), in ms. Default: 500·2ⁿ, at most the timeout. */
  retryDelayMs?: (n: number) => number;
  maxBytes?: number;
}

export interface Answer {
  /** The URL that answered (after redirects). */
  url: string;
  text: string;
}

const MAX_REDIRECTS = 5;
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Hosts of a city's own network: loopback, private ranges, single-label and .local/.intern names. */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    /^127\./.test(h) ||
    /^10\./.test(h) ||
    /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h) ||
    /^169\.254\./.test(h) ||
    /^f[cd][0-9a-f]{2}:/.test(h) ||
    /^fe80:/.test(h) ||
    (!h.includes('.') && !h.includes(':')) ||
    /\.(local|lan|intern|internal|intranet|home\.arpa)$/.test(h)
  );
}

function env(e: NodeJS.ProcessEnv, name: string): string {
  return e[name.toLowerCase()] ?? e[name.toUpperCase()] ?? '';
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class Timeout extends Error {}

export class OparlClient {
  private readonly hosts = new Set<string>();
  private readonly warnedHttp = new Set<string>();
  private readonly agent: EnvHttpProxyAgent;
  private readonly proxy: { http: string; https: string; noProxy: string };
  private readonly opts: Required<Omit<ClientOptions, 'warn' | 'env'>> & Pick<ClientOptions, 'warn'>;

  constructor(o: ClientOptions) {
    this.proxy = { http: env(o.env, 'http_proxy'), https: env(o.env, 'https_proxy'), noProxy: env(o.env, 'no_proxy') };
    // Given explicitly, also when empty: only the command's environment counts, not the test runner's.
    this.agent = new EnvHttpProxyAgent({ httpProxy: this.proxy.http, httpsProxy: this.proxy.https, noProxy: this.proxy.noProxy });
    this.opts = {
      timeoutMs: o.timeoutMs,
      warn: o.warn,
      retries: o.retries ?? 3,
      retryDelayMs: o.retryDelayMs ?? ((n) => Math.min(500 * 2 ** n, o.timeoutMs)),
      maxBytes: o.maxBytes ?? 32 * 1024 * 1024,
    };
  }

  /** Allows requests to the host of `url`. */
  allow(url: string): void {
    try {
      this.hosts.add(new URL(url).hostname.toLowerCase());
    } catch {
      // Not a URL: nothing to allow.
    }
  }

  allows(url: string): boolean {
    try {
      return this.hosts.has(new URL(url).hostname.toLowerCase());
    } catch {
      return false;
    }
  }

  private refuseHost(url: string): OparlError {
    const host = new URL(url).hostname;
    return new OparlError(url, 'host', `${url}: not requested: ${host} is not the configured council information system`, {
      hint: `ratsdeck asks only the hosts of oparl: in ratsdeck.yaml (and of a URL given on the command line); allowed: ${[...this.hosts].join(', ') || 'none'}`,
    });
  }

  /** GETs `url` and returns its text; throws OparlError (exit 8) with the URL and the cause. */
  async get(url: string): Promise<Answer> {
    let current = url;
    for (let hop = 0; ; hop++) {
      const parsed = new URL(current);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
        throw new OparlError(current, 'host', `${current}: not requested: only https:// and http:// addresses are read`);
      }
      if (!this.allows(current)) throw this.refuseHost(current);
      if (parsed.protocol === 'http:' && !isLocalHost(parsed.hostname) && !this.warnedHttp.has(parsed.host)) {
        this.warnedHttp.add(parsed.host);
        this.opts.warn(`${parsed.host} is read over plain http: what it sends can be read and changed on the way; use its https:// address if it has one`);
      }
      const answer = await this.withRetries(current);
      if (answer.location === undefined) return { url: current, text: answer.text };
      if (hop >= MAX_REDIRECTS) throw new OparlError(url, 'status', `${url}: more than ${MAX_REDIRECTS} redirects`);
      current = new URL(answer.location, current).href;
    }
  }

  private async withRetries(url: string): Promise<{ text: string; location?: string }> {
    const { retries } = this.opts;
    for (let attempt = 0; ; attempt++) {
      const tried = attempt + 1;
      const again = attempt < retries;
      let status: number;
      let result: { text: string; location?: string } | undefined;
      try {
        ({ status, result } = await this.once(url));
      } catch (err) {
        if (err instanceof Timeout) {
          if (again) {
            await sleep(this.opts.retryDelayMs(attempt));
            continue;
          }
          throw new OparlError(url, 'timeout', `${url}: no answer within ${this.opts.timeoutMs / 1000} s (tried ${tried} times)`, {
            hint: 'the council information system is slow or cannot be reached from here: try again later, allow more time with --timeout, or check the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)',
            cause: err,
          });
        }
        if (err instanceof OparlError) throw err;
        throw this.networkError(url, err);
      }
      if (result) return result;
      if ((status >= 500 || status === 429) && again) {
        await sleep(this.opts.retryDelayMs(attempt));
        continue;
      }
      const notFound = status === 404 || status === 410;
      const times = status >= 500 || status === 429 ? ` (tried ${tried} times)` : '';
      throw new OparlError(url, notFound ? 'not-found' : 'status', `${url}: the server answered ${status}${notFound ? ' (not found)' : ''}${times}`, {
        status,
        hint: notFound
          ? 'the object is not (or no longer) there: check the URL'
          : status >= 500
            ? 'the council information system has a problem: try again later'
            : status === 401 || status === 403
              ? 'the server refuses access: the OParl interface of a RIS is public, so this may be the proxy or the wrong address'
              : undefined,
      });
    }
  }

  /** One request: the status, and the text for a 2xx (or the target of a redirect). */
  private async once(url: string): Promise<{ status: number; result?: { text: string; location?: string } }> {
    const ac = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ac.abort();
    }, this.opts.timeoutMs);
    try {
      const res = await request(url, {
        method: 'GET',
        dispatcher: this.agent,
        signal: ac.signal,
        headers: { accept: 'application/json', 'user-agent': `ratsdeck/${version()} (OParl import)` },
        headersTimeout: null,
        bodyTimeout: null,
      });
      const status = res.statusCode;
      if (status >= 300 && status < 400 && status !== 304) {
        await res.body.dump();
        const loc = res.headers.location;
        const location = Array.isArray(loc) ? loc[0] : loc;
        if (!location) throw new OparlError(url, 'status', `${url}: the server answered ${status} without saying where to`);
        return { status, result: { text: '', location } };
      }
      if (status < 200 || status >= 300) {
        await res.body.dump().catch(() => undefined);
        return { status };
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.opts.maxBytes) {
          ac.abort();
          throw new OparlError(url, 'too-large', `${url}: the answer is larger than ${Math.round(this.opts.maxBytes / 1024 / 1024)} MiB; that is no OParl object`);
        }
        chunks.push(chunk as Buffer);
      }
      return { status, result: { text: Buffer.concat(chunks).toString('utf8') } };
    } catch (err) {
      if (timedOut) throw new Timeout('timeout', { cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  private networkError(url: string, err: unknown): OparlError {
    const codes: string[] = [];
    let msg = '';
    for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
      if (typeof e.code === 'string') codes.push(e.code);
      if (!msg && typeof e.message === 'string') msg = e.message;
    }
    const https = url.startsWith('https:');
    const proxy = https ? this.proxy.https || this.proxy.http : this.proxy.http;
    const proxyNote = proxy ? ` (through the proxy ${proxy.replace(/\/\/[^@/]*@/, '//')})` : '';
    const code = codes.find((c) => c !== 'UND_ERR_ABORTED' && c !== 'UND_ERR_SOCKET') ?? codes[0];
    const tunnel = /Proxy response \((\d+)\)/.exec(msg);
    let what: string;
    let hint: string | undefined;
    if (tunnel) {
      what = `the proxy refused the connection (${tunnel[1]})`;
      hint = 'ask your IT whether the proxy lets this host through, or set NO_PROXY for it if it is inside the city network';
    } else if (code && TLS_CODES.has(code)) {
      what = `its TLS certificate is not trusted (${code})`;
      hint = 'behind a proxy that inspects TLS, point NODE_EXTRA_CA_CERTS at the proxy\'s CA certificate (a .pem file from your IT)';
    } else if (code === 'ECONNREFUSED') what = 'the connection was refused';
    else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      what = 'the host name is not known';
      hint = proxy ? undefined : 'check the address; in a network that reaches the internet only through a proxy, set HTTPS_PROXY';
    } else if (code === 'ECONNRESET' || codes.includes('UND_ERR_SOCKET')) what = 'the connection was closed before the answer was complete';
    else what = msg || String(err);
    return new OparlError(url, 'network', `${url}: cannot read it${proxyNote}: ${what}`, { ...(hint ? { hint } : {}), cause: err });
  }

  async close(): Promise<void> {
    await this.agent.destroy().catch(() => undefined);
  }
}
