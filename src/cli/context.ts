/**
 * What every command gets from main(): the streams, the working folder and environment, the
 * output helpers, and the way to set the exit code. In its own file so that the command files
 * do not import main.ts (which imports them).
 */
import type { Io, Output } from './output.js';

export interface CommandContext {
  io: Io;
  out: Output;
  /** Set by a command's action: the exit code main() returns (the highest one set wins). */
  setExit(code: number): void;
}
