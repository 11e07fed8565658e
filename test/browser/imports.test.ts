/**
 * Building HTML must not load puppeteer-core (STYLE.md, habit 3): only src/browser may name it,
 * and there only in type imports (erased) and the dynamic import inside the launch.
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

describe('puppeteer-core is loaded only when a browser is launched', () => {
  const files = tsFiles(SRC).map((f) => ({ file: relative(SRC, f).split('\\').join('/'), text: readFileSync(f, 'utf8') }));
  const naming = files.filter((f) => /['"]puppeteer(-core)?['"]/.test(f.text)).map((f) => f.file);

  it('is named only in src/browser', () => {
    expect(naming.length).toBeGreaterThan(0);
    expect(naming.filter((f) => !f.startsWith('browser/'))).toEqual([]);
  });

  it('is imported statically only with `import type` / `export type`, and loaded by one dynamic import', () => {
    // Whole statements, also when they span lines. `import { type X }` is not enough: under
    // verbatimModuleSyntax it stays behind as a side-effect import that loads the module.
    const statements = files.flatMap((f) =>
      [...f.text.matchAll(/^\s*(import|export)\b[^;]*?['"]puppeteer(-core)?['"]/gm)].map((m) => ({ file: f.file, text: m[0].trim() })),
    );
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter((s) => !/^(import|export)\s+type\s/.test(s.text))).toEqual([]);
    const dynamic = files.flatMap((f) => [...f.text.matchAll(/import\(\s*['"]puppeteer(-core)?['"]\s*\)/g)].map(() => f.file));
    expect(dynamic).toEqual(['browser/manager.ts']);
  });
});
