/** The flags every command that reads the council information system has: --offline, --timeout. */
import type { OparlSettings } from '../usecases/oparl.js';
import type { CommandContext } from './context.js';
import { secondsToMs } from './flags.js';

export interface OparlFlags {
  offline?: boolean;
  /** Seconds (parseSeconds). */
  timeout?: number;
}

export function oparlSettings(flags: OparlFlags, ctx: CommandContext): OparlSettings {
  return {
    ...(flags.offline ? { offline: true } : {}),
    ...(flags.timeout !== undefined ? { timeoutMs: secondsToMs(flags.timeout) } : {}),
    // The proxy settings of the command's environment (main's io.env), not the module's.
    env: ctx.io.env,
  };
}
