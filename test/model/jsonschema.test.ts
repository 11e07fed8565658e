import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonSchema } from '../../src/model/jsonschema.js';
import { DATA_FILE_SCHEMAS } from '../../src/model/schema.js';

const SCHEMA_DIR = join(import.meta.dirname, '..', '..', 'schema');
const STALE = 'is out of date with src/model/schema.ts: run `npm run schema` and commit the result';

function committed(rel: string): unknown {
  const file = join(SCHEMA_DIR, rel);
  expect(existsSync(file), `schema/${rel} is missing: run \`npm run schema\``).toBe(true);
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('the committed JSON Schemas match the model', () => {
  it('schema/ratsdeck.schema.json', () => {
    expect(committed('ratsdeck.schema.json'), `schema/ratsdeck.schema.json ${STALE}`).toEqual(jsonSchema());
  });

  it.each(Object.keys(DATA_FILE_SCHEMAS))('schema/data/%s.schema.json', (key) => {
    expect(committed(`data/${key}.schema.json`), `schema/data/${key}.schema.json ${STALE}`).toEqual(jsonSchema(key));
  });

  it('schema/data/ holds no schema for a key the model does not have', () => {
    const keys = readdirSync(join(SCHEMA_DIR, 'data')).map((f) => f.replace(/\.schema\.json$/, ''));
    expect(keys.sort(), `schema/data/ ${STALE}`).toEqual(Object.keys(DATA_FILE_SCHEMAS).sort());
  });
});

describe('what the schema tells an editor', () => {
  const schema = jsonSchema() as { properties: Record<string, unknown>; additionalProperties?: unknown };

  it('unknown keys are not allowed', () => {
    expect(schema.additionalProperties).toBe(false);
  });

  it('the enum values are listed', () => {
    const activities = jsonSchema('activities') as { items: { properties: { category: { enum: string[] } } } };
    expect(activities.items.properties.category.enum).toContain('smart-city');
  });

  it('an unknown data key is a usage error', () => {
    expect(() => jsonSchema('gibt-es-nicht')).toThrow(/unknown data file key "gibt-es-nicht"/);
  });
});
