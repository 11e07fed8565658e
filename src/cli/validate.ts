import type { Command } from 'commander';
import { relative } from 'node:path';
import { ExitCode } from '../errors.js';
import { loadAndValidate } from '../pipeline.js';
import { resolveDeckPaths } from '../project/project.js';
import type { CommandContext } from './context.js';

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check deck files and the project data; report every problem as FILE:LINE:COL')
    .argument('[paths...]', 'deck files or project folders (default: the project in the current folder)')
    .option('--json', 'print the problems as JSON on stdout')
    .action((paths: string[], opts: { json?: boolean }) => {
      const files = resolveDeckPaths(paths, ctx.io.cwd);
      const results = files.map((f) => loadAndValidate(f));
      let errors = 0;
      let warnings = 0;
      // A problem in shared data (ratsdeck.yaml, _data/) shows up once per deck: report it once.
      const printed = new Set<string>();
      for (const r of results) {
        for (const p of r.problems) {
          const k = `${p.file}:${p.line}:${p.col}:${p.path}:${p.message}`;
          if (printed.has(k)) continue;
          printed.add(k);
          if (p.severity === 'error') errors++;
          else warnings++;
          if (!opts.json) ctx.out.problem(p);
        }
      }
      // The same problem (e.g. in shared _data) can show up once per deck; report it once in JSON.
      if (opts.json) {
        const seen = new Set<string>();
        const problems = results.flatMap((r) => r.problems).filter((p) => {
          const k = JSON.stringify(p);
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        });
        ctx.out.data(
          JSON.stringify(
            {
              valid: errors === 0,
              decks: results.map((r) => ({ file: relative(ctx.io.cwd, r.file) || r.file, id: r.id, valid: !!r.deck })),
              problems: problems.map((p) => ({ ...p, file: relative(ctx.io.cwd, p.file) || p.file })),
            },
            null,
            2,
          ),
        );
      }
      const ok = results.filter((r) => r.deck).length;
      ctx.out.info(
        `${ok} of ${results.length} deck${results.length === 1 ? '' : 's'} valid` +
          (errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : '') +
          (warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''),
      );
      ctx.setExit(errors ? ExitCode.INVALID_DATA : ExitCode.OK);
    });
}
