import type { Command } from 'commander';
import { jsonSchema } from '../model/jsonschema.js';
import type { CommandContext } from './context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of deck files and ratsdeck.yaml')
    .option('--data <key>', 'the schema of one _data file instead (activities, networks, itBeirat, committees)')
    .action((opts: { data?: string }) => {
      ctx.out.data(JSON.stringify(jsonSchema(opts.data), null, 2));
    });
}
