/**
 * The command line. The only place that reads argv and decides exit codes: each command parses
 * its flags and calls a use case of src/usecases/ (the package API); main turns errors into
 * messages and exit codes.
 */
import { Command, CommanderError, Option } from 'commander';
import { ExitCode, RatsdeckError } from '../errors.js';
import { version } from '../version.js';
import type { CommandContext } from './context.js';
import { createOutput, type Io, type Output } from './output.js';
import { registerValidate } from './validate.js';
import { registerSchema } from './schema.js';
import { registerBuild } from './build.js';
import { registerSessions } from './sessions.js';
import { registerDoctor } from './doctor.js';
import { registerPdf, registerPng, registerPptx } from './pdf.js';
import { registerServe } from './serve.js';
import { registerCheck } from './check.js';
import { registerTemplate } from './template.js';
import { registerImport } from './import.js';

export type { CommandContext } from './context.js';

/** Runs the CLI and returns the exit code. Never calls process.exit. */
export async function main(argv: string[], io: Partial<Io> = {}): Promise<number> {
  const fullIo: Io = {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    cwd: io.cwd ?? process.cwd(),
    env: io.env ?? process.env,
  };
  const debug = argv.includes('--debug');
  const out = createOutput(fullIo);
  let exitCode: number = ExitCode.OK;
  const ctx: CommandContext = { io: fullIo, out, setExit: (c) => (exitCode = Math.max(exitCode, c)) };

  const program = new Command('ratsdeck')
    .description('Council presentation decks and PDF handouts from YAML data')
    .version(version(), '-V, --version')
    .addOption(new Option('--debug', 'show stack traces and error causes'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => fullIo.stdout.write(s),
      writeErr: (s) => fullIo.stderr.write(s),
    });

  registerValidate(program, ctx);
  registerSchema(program, ctx);
  registerBuild(program, ctx);
  registerSessions(program, ctx);
  registerPdf(program, ctx);
  registerPptx(program, ctx);
  registerPng(program, ctx);
  registerDoctor(program, ctx);
  registerServe(program, ctx);
  registerCheck(program, ctx);
  registerTemplate(program, ctx);
  registerImport(program, ctx);

  for (const cmd of program.commands) {
    cmd.exitOverride();
    cmd.configureOutput({ writeOut: (s) => fullIo.stdout.write(s), writeErr: (s) => fullIo.stderr.write(s) });
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, out, debug);
  }
}

function reportError(err: unknown, out: Output, debug: boolean): number {
  if (err instanceof CommanderError) {
    // Help and version are not errors.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.OK;
    }
    return ExitCode.USAGE;
  }
  if (err instanceof RatsdeckError) {
    for (const p of err.problems) out.problem(p);
    out.error(err.message, err.hint);
    if (debug) out.debugChain(err);
    return err.exitCode;
  }
  out.error(`internal error: ${err instanceof Error ? err.message : String(err)}`, 'please report this with the output of --debug');
  if (debug) out.debugChain(err);
  return ExitCode.INTERNAL;
}
