import { z } from './zod.js';
import { ExitCode, RatsdeckError } from '../errors.js';
import { DATA_FILE_SCHEMAS, Deck } from './schema.js';

/** The JSON Schema for deck files and ratsdeck.yaml, or for one _data file. */
export function jsonSchema(dataKey?: string): Record<string, unknown> {
  if (dataKey === undefined) {
    return { ...z.toJSONSchema(Deck, { target: 'draft-2020-12', io: 'input' }), title: 'ratsdeck' };
  }
  const schema = (DATA_FILE_SCHEMAS as Record<string, z.ZodType>)[dataKey];
  if (!schema) {
    throw new RatsdeckError(`unknown data file key "${dataKey}"`, {
      exitCode: ExitCode.USAGE,
      hint: `one of ${Object.keys(DATA_FILE_SCHEMAS).join(', ')}`,
    });
  }
  return { ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }), title: `ratsdeck _data/${dataKey}` };
}
