/**
 * `ratsdeck import committees`: flags in, importCommittees (src/usecases/) called, its lines on
 * stderr. Errors carry their exit codes (main.ts reports them).
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';
import { parseSeconds } from './flags.js';
import { oparlSettings, type OparlFlags } from './oparl-flags.js';

export function registerImport(program: Command, ctx: CommandContext): void {
  const imp = program.command('import').description('read data from the council information system (OParl) into the project');
  const committees = imp
    .command('committees')
    .argument('[project]', 'the project folder, the one with ratsdeck.yaml (default: the current folder or the one above it that has it)')
    .description("merge the Gremien of the city's council information system (oparl: body in ratsdeck.yaml) into committees: in ratsdeck.yaml")
    .option('--dry-run', 'show what would change, write nothing')
    .option('--offline', 'read only what _oparl/ holds from an earlier import')
    .option('--timeout <seconds>', 'how long one request to the council information system may take; default 30', parseSeconds)
    .action(async (project: string | undefined, flags: { dryRun?: boolean } & OparlFlags) => {
      const { importCommittees } = await import('../usecases/import-committees.js');
      await importCommittees({ ...(project !== undefined ? { project } : {}), ...(flags.dryRun ? { dryRun: true } : {}), ...oparlSettings(flags, ctx), cwd: ctx.io.cwd, reporter: ctx.out });
    });
  // main() sets these on the top-level commands; a subcommand needs its own.
  for (const c of [imp, committees]) {
    c.exitOverride();
    c.configureOutput({ writeOut: (s) => ctx.io.stdout.write(s), writeErr: (s) => ctx.io.stderr.write(s) });
  }
}
