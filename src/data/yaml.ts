/**
 * The data stage's entry: YAML loading with source positions, and editing a YAML text.
 * src/data is the only place that imports `yaml`; the parts live beside this file:
 * load.ts (reading files safely), diagnose.ts (syntax problems in words), structure.ts
 * (aliases, tags, keys), positions.ts (file:line:col of every value), edit.ts (`ratsdeck new`).
 */
export { MAX_ALIAS_VALUES, MAX_DEPTH, MAX_FILE_BYTES } from './limits.js';
export { formatPath, pathKey, type PathSeg } from './path.js';
export type { PositionIndex } from './positions.js';
export { loadYamlFile, parseYamlBuffer, parseYamlText, type LoadedYaml, type LoadOptions, type ParseStore } from './load.js';
export { editYamlText, ensureSlide, hasYamlPath, yamlValueAt, type YamlEdit } from './edit.js';
