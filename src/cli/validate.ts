import type { Command } from 'commander';
import { relative } from 'node:path';
import { ExitCode, uniqueProblems } from '../errors.js';
import type { CommandContext } from './context.js';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check deck files and the project data; report every problem as FILE:LINE:COL')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('--json', 'print the problems as JSON on stdout')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      const [{ loadAndValidate }, { resolveDeckPaths }] = await Promise.all([import('../pipeline.js'), import('../project/project.js')]);
      const files = resolveDeckPaths(paths, ctx.io.cwd);
      const results = files.map((f) => loadAndValidate(f));
      // A problem in shared data (ratsdeck.yaml, _data/) shows up once per deck: report it once.
      const problems = uniqueProblems(results.flatMap((r) => r.problems));
      const errors = problems.filter((p) => p.severity === 'error').length;
      const warnings = problems.length - errors;
      if (opts.json) {
        // Paths relative to the working folder, as before (`../` for files outside it): data, not display.
        const rel = (f: string) => relative(ctx.io.cwd, f) || f;
        ctx.out.data(
          JSON.stringify(
            {
              valid: errors === 0,
              decks: results.map((r) => ({ file: rel(r.file), id: r.id, valid: !!r.deck })),
              problems: problems.map((p) => ({ ...p, file: rel(p.file) })),
            },
            null,
            2,
          ),
        );
      } else ctx.out.problems(problems);
      const ok = results.filter((r) => r.deck).length;
      ctx.out.info(
        `${ok} of ${results.length} deck${results.length === 1 ? '' : 's'} valid` +
          (errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : '') +
          (warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''),
      );
      ctx.setExit(errors ? ExitCode.INVALID_DATA : ExitCode.OK);
    });
}
