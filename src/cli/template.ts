/** `ratsdeck template`: flags in, writeTemplate called. */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

export function registerTemplate(program: Command, ctx: CommandContext): void {
  program
    .command('template')
    .description('write a ready spreadsheet for activities (or networks, itBeirat, …): German column titles, an example row, lists of allowed values')
    .argument('<name>', 'activities, milestones, kpis, networks, itBeirat, members, meetings or recommendations')
    .option('--xlsx <file>', 'write an Excel workbook (.xlsx)')
    .option('--csv <file>', 'write a CSV file as German Excel saves it (UTF-8 with BOM, ";")')
    .action(async (name: string, flags: { xlsx?: string; csv?: string }) => {
      const { writeTemplate } = await import('../usecases/template.js');
      await writeTemplate({ name, ...flags, cwd: ctx.io.cwd, reporter: ctx.out });
    });
}
