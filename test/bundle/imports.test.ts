/**
 * One module owns each parsing library (STYLE.md, "which library a module may import"): css-tree
 * only src/bundle/css.ts, DOMPurify, jsdom and saxes only src/bundle/svg.ts. None is imported
 * statically for its value: they load on first use (jsdom alone takes about half a second).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const files = tsFiles(SRC).map((f) => ({ file: relative(SRC, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));

describe.each([
  ['css-tree', 'bundle/css.ts'],
  ['dompurify', 'bundle/svg.ts'],
  ['jsdom', 'bundle/svg.ts'],
  ['saxes', 'bundle/svg.ts'],
])('%s', (pkg, owner) => {
  const name = new RegExp(`['"]${pkg}(/[\\w-]+)?['"]`);

  it(`is named only in src/${owner}`, () => {
    expect(files.filter((f) => name.test(f.text)).map((f) => f.file)).toEqual([owner]);
  });

  it('is imported statically only as types, and loaded with require() on first use', () => {
    const text = files.find((f) => f.file === owner)!.text;
    const statements = [...text.matchAll(new RegExp(`^\\s*(import|export)\\b[^;]*?${name.source}`, 'gm'))].map((m) => m[0].trim());
    expect(statements.filter((s) => !/^(import|export)\s+type\s/.test(s))).toEqual([]);
    expect(text).toMatch(new RegExp(`require\\(${name.source}\\)`));
  });
});
