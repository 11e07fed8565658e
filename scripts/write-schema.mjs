// Writes the published JSON Schemas from the model (run by `npm run schema`, after tsc):
//   schema/ratsdeck.schema.json         deck files and ratsdeck.yaml
//   schema/data/<key>.schema.json       one per known _data file (DATA_FILE_SCHEMAS)
// test/model/jsonschema.test.ts fails when these files and the model disagree.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jsonSchema } from '../dist/model/jsonschema.js';
import { DATA_FILE_SCHEMAS } from '../dist/model/schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const write = (rel, value) => {
  const file = join(root, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
  process.stderr.write(`wrote ${rel}\n`);
};

write('schema/ratsdeck.schema.json', jsonSchema());
const keys = Object.keys(DATA_FILE_SCHEMAS);
for (const key of keys) write(`schema/data/${key}.schema.json`, jsonSchema(key));
// A key removed from the model must not leave its schema behind.
for (const name of readdirSync(join(root, 'schema', 'data'))) {
  if (!keys.includes(name.replace(/\.schema\.json$/, ''))) {
    rmSync(join(root, 'schema', 'data', name));
    process.stderr.write(`removed schema/data/${name}\n`);
  }
}
