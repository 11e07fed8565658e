import type { Command } from 'commander';
import type { CommandContext } from './context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of deck files and ratsdeck.yaml')
    .option('--data <key>', 'the schema of one _data file instead (activities, networks, itBeirat, committees)')
    .action(async (opts: { data?: string }) => {
      const { jsonSchema } = await import('../model/jsonschema.js');
      ctx.out.data(JSON.stringify(jsonSchema(opts.data), null, 2));
    });
}
