/**
 * The council information system could not be read (exit 8): it did not answer, answered with
 * an error, or sent something that is not OParl. The message names the URL (or file) and the
 * cause; `reason` is what code decides on, never the message.
 */
import { ExitCode, RatsdeckError } from '../errors.js';

export type OparlFailure =
  /** No answer within --timeout (after the retries). */
  | 'timeout'
  /** 404 or 410: the object is not (or no longer) there. Linked objects carry on without it. */
  | 'not-found'
  /** Any other answer than 2xx (after the retries for 5xx). */
  | 'status'
  /** No connection: refused, host unknown, TLS, the proxy. */
  | 'network'
  /** Not JSON, even after repairing raw control characters. */
  | 'json'
  /** JSON, but not the OParl object or list expected. */
  | 'not-oparl'
  /** A host that is neither configured nor given on the command line. */
  | 'host'
  /** A list whose links.next comes back to a page already read, or has too many pages. */
  | 'pagination'
  /** --offline, and the object is not in _oparl/. */
  | 'offline'
  /** An answer larger than ratsdeck reads. */
  | 'too-large';

export class OparlError extends RatsdeckError {
  readonly url: string;
  readonly reason: OparlFailure;
  readonly status?: number;
  constructor(url: string, reason: OparlFailure, message: string, opts: { hint?: string; cause?: unknown; status?: number } = {}) {
    super(message, { exitCode: ExitCode.OPARL, ...(opts.hint ? { hint: opts.hint } : {}), ...(opts.cause !== undefined ? { cause: opts.cause } : {}) });
    this.name = 'OparlError';
    this.url = url;
    this.reason = reason;
    if (opts.status !== undefined) this.status = opts.status;
  }
}
