/**
 * The architecture as a tested rule (STYLE.md: "which library a module may import"; issue 10,
 * finding 7). Reads the import statements of every file under src/ — static imports and
 * re-exports (type-only ones too: they tie a module to a library's API all the same), dynamic
 * `import('…')`, and `require('…')` / `require.resolve('…')` through createRequire — and checks
 *
 * 1. each third-party library against its one owner module,
 * 2. each layer against the layers it may import,
 * 3. that a folder with an index.ts is entered only through it,
 * 4. that no two files import each other, directly or round a loop.
 *
 * Violations that other parts of issue 10 remove are listed in KNOWN with the finding that
 * removes them: the test passes with them, fails for any new one, and fails when a listed one
 * is gone (then delete its line).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/**
 * Library → the one module that may import it: a file (`render/markdown.ts`) or a folder
 * (`browser`; `render/charts` is charts.ts and the charts/ folder). A library that is not
 * installed yet simply has no importers; one that is missing here fails the test.
 */
const OWNERS: Record<string, string | string[]> = {
  'puppeteer-core': 'browser',
  yaml: 'data',
  handlebars: 'render',
  // Set up once there (jitless); the model's entities and each slide type's own schema in its
  // module (issue 10, finding 1) take `z` from it.
  zod: 'model/zod.ts',
  'pdf-lib': 'print/pdfdoc.ts',
  'pdfjs-dist': 'check/pdf.ts',
  'axe-core': 'check/measure.ts',
  'markdown-it': 'render/markdown.ts',
  vega: 'render/charts',
  'vega-lite': 'render/charts',
  'css-tree': 'bundle/css.ts',
  dompurify: 'bundle/svg.ts',
  jsdom: 'bundle/svg.ts',
  saxes: 'bundle/svg.ts',
  // Its files are copied into every deck; render knows where they are.
  'reveal.js': 'render/render.ts',
  commander: 'cli',
  // Watching for serve: fs.watch alone lost files replaced by a rename (issue 11, finding 6).
  chokidar: 'serve/watch.ts',
  // PowerPoint files: written (and read back for the leak check) in one place.
  pptxgenjs: 'pptx/writer.ts',
  jszip: 'pptx/writer.ts',
  // Spreadsheets (issue 13): reading workbooks, CSV, and writing the template.
  'read-excel-file': 'sheets/xlsx.ts',
  'csv-parse': 'sheets/csv.ts',
  'write-excel-file': 'sheets/template.ts',
  // HTTP to the council information system: proxy, timeouts, allowed hosts (issue 12).
  undici: 'oparl/client.ts',
};

/**
 * Layer (a folder or a top-level file of src/) → the layers it may import besides itself. The
 * stages share the model's types and do not import each other; the compositions (pipeline,
 * build, pdf, serve, the package API) put them together; only the CLI reads argv, and nothing
 * but bin/ imports the CLI.
 */
const MAY_IMPORT: Record<string, string[]> = {
  // paths.ts: how a path is shown to people (displayPath), a leaf like errors.ts.
  errors: ['paths'],
  // package-root.ts: where ratsdeck is installed (dist/ or the bundle in dist/cli-bundle/), a leaf.
  'package-root': [],
  version: ['package-root'],
  data: ['errors'],
  // Spreadsheets as data layers: the model's enums for the column table, data's position index.
  sheets: ['model', 'data', 'errors'],
  // The deck schema is the union the slide registry builds; each slide module holds its
  // schema (model) and its view (render): one home per slide type (issue 10, finding 1).
  model: ['slides', 'errors'],
  slides: ['model', 'render', 'pptx', 'errors'],
  audience: ['model', 'errors'],
  // output/cache.ts keeps the charts it draws.
  render: ['model', 'slides', 'package-root', 'output', 'errors'],
  bundle: ['render', 'model', 'output', 'errors'],
  output: ['bundle', 'render', 'model', 'errors'],
  browser: ['errors'],
  print: ['browser', 'output', 'model', 'errors'],
  // Validation checks a theme's CSS and the SVGs a deck names with the bundle's readers (css.ts, svg.ts).
  project: ['data', 'sheets', 'model', 'bundle', 'output', 'paths', 'errors'],
  // The checks read the built output from outside: no loader, no project, no pipeline.
  check: ['browser', 'print', 'render', 'model', 'pptx', 'errors'],
  // The PowerPoint rendering: the rendered deck's views through each slide module, the theme's CSS read by the bundle's parser.
  pptx: ['slides', 'render', 'bundle', 'model', 'errors'],
  pipeline: ['paths', 'project', 'data', 'model', 'slides', 'audience', 'render', 'bundle', 'output', 'errors', 'version'],
  build: ['pipeline', 'project', 'data', 'model', 'audience', 'render', 'bundle', 'output', 'errors', 'version'],
  pdf: ['pipeline', 'project', 'model', 'render', 'output', 'browser', 'print', 'errors', 'version'],
  serve: ['pipeline', 'project', 'audience', 'render', 'bundle', 'model', 'errors'],
  index: ['pipeline', 'build', 'pdf', 'project', 'data', 'sheets', 'model', 'audience', 'render', 'bundle', 'output', 'browser', 'print', 'check', 'serve', 'usecases', 'oparl', 'paths', 'errors', 'version'],
  paths: [],
  // Reading the council information system (issue 12): the model's types and checks, the
  // atomic writer for _oparl/, and nothing of the pipeline.
  oparl: ['model', 'output', 'paths', 'errors', 'version'],
  // The use cases compose the stages for the package API and the CLI.
  usecases: ['pipeline', 'build', 'pdf', 'project', 'data', 'sheets', 'model', 'audience', 'render', 'bundle', 'output', 'browser', 'print', 'check', 'pptx', 'oparl', 'paths', 'package-root', 'errors', 'version'],
  cli: Object.keys({ pipeline: 1, build: 1, pdf: 1, project: 1, data: 1, model: 1, audience: 1, render: 1, bundle: 1, output: 1, browser: 1, print: 1, check: 1, serve: 1, usecases: 1, paths: 1, errors: 1, version: 1 }),
};

/**
 * Violations in code that other parts of issue 10 rework, each with the finding that removes
 * it. `from` → `to` are files relative to src/ (a library name for an owner violation).
 */
const KNOWN: { rule: 'owner' | 'layer' | 'index' | 'cycle'; from: string; to: string; finding: string }[] = [
  // slides/index.ts loads every slide module; the schema and the view take the shared parts
  // directly, else loading the model would load every view first (a load-time cycle).
  { rule: 'index', from: 'model/schema.ts', to: 'slides/fields.ts', finding: '1: shared slide fields' },
  { rule: 'index', from: 'render/view.ts', to: 'slides/common.ts', finding: '1: shared slide helpers' },
  { rule: 'index', from: 'render/view.ts', to: 'slides/types.ts', finding: '1: the slide module type' },
  // The slide modules carry schema and view, so the model, the slides and render's view,
  // formatting and charts form one loop (it resolves at run time: the values are used only
  // inside functions). To untie: the views' formatting and chart calls behind the registry.
  { rule: 'cycle', from: 'model/schema.ts model/snapshot.ts pptx/canvas.ts render/charts.ts render/charts/budget.ts render/charts/common.ts render/charts/locale.ts render/charts/status.ts render/charts/timeline.ts render/format.ts render/i18n.ts render/view.ts slides/activities.ts slides/activity.ts slides/agenda.ts slides/budget.ts slides/changes.ts slides/closing.ts slides/common.ts slides/decision.ts slides/index.ts slides/itbeirat.ts slides/networks.ts slides/recommendations.ts slides/section.ts slides/text.ts slides/timeline.ts slides/title.ts slides/types.ts', to: '', finding: '1: schema, view and PowerPoint rendering in one slide module' },
];

interface Import {
  from: string;
  /** A file under src/ (relative, .ts), or a package name. */
  to: string;
  /** As written. */
  spec: string;
  kind: 'static' | 'type' | 'dynamic' | 'require';
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

const rel = (abs: string) => relative(SRC, abs).split('\\').join('/');

/** Comments out, strings kept (an import's specifier is a string; `//` inside a URL is not a comment). */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|(['"`])(?:\\.|(?!\1)[^\\\n])*\1|\/\/[^\n]*/g, (m) => (m.startsWith('/') ? ' '.repeat(m.length) : m));
}

export function importsOf(file: string, text: string): Import[] {
  const code = stripComments(text);
  const out: Import[] = [];
  const add = (spec: string, kind: Import['kind']) => {
    if (spec.startsWith('node:')) return;
    let to: string;
    if (spec.startsWith('.')) {
      const abs = resolve(dirname(file), spec);
      to = rel(/\.js$/.test(abs) ? abs.replace(/\.js$/, '.ts') : existsSync(join(abs, 'index.ts')) ? join(abs, 'index.ts') : abs);
    } else to = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
    out.push({ from: rel(file), to, spec, kind });
  };
  // Whole statements, also over several lines: import … from '…', export … from '…', import '…'.
  for (const m of code.matchAll(/(?:^|[;\n])\s*(import|export)(\s+type)?\b([^;'"]*?)\bfrom\s*(['"])([^'"]+)\4/g)) {
    add(m[5]!, m[2] ? 'type' : 'static');
  }
  for (const m of code.matchAll(/(?:^|[;\n])\s*import\s*(['"])([^'"]+)\1/g)) add(m[2]!, 'static');
  for (const m of code.matchAll(/\bimport\(\s*(['"])([^'"]+)\1\s*\)/g)) add(m[2]!, 'dynamic');
  for (const m of code.matchAll(/\brequire(?:\.resolve)?\(\s*(['"])([^'"]+)\1\s*\)/g)) add(m[2]!, 'require');
  return out;
}

function layerOf(file: string): string {
  const i = file.indexOf('/');
  return i < 0 ? file.replace(/\.ts$/, '') : file.slice(0, i);
}

function owns(owner: string, file: string): boolean {
  return file === owner || file.startsWith(`${owner}/`) || file === `${owner}.ts`;
}

const files = tsFiles(SRC).map((f) => ({ file: rel(f), text: readFileSync(f, 'utf8'), abs: f }));
const imports = files.flatMap((f) => importsOf(f.abs, f.text));
const internal = imports.filter((i) => i.to.endsWith('.ts'));
const external = imports.filter((i) => !i.to.endsWith('.ts'));

type Found = { rule: (typeof KNOWN)[number]['rule']; from: string; to: string };
const key = (v: Found) => `${v.rule}: ${v.from} → ${v.to}`;

/** The violations `found` has beyond the known ones, and the known ones of `rule` that are gone. */
function judge(rule: Found['rule'], found: Found[]): { unexpected: string[]; fixed: string[] } {
  const known = new Set(KNOWN.filter((k) => k.rule === rule).map(key));
  const seen = new Set(found.map(key));
  return {
    unexpected: [...seen].filter((k) => !known.has(k)).sort(),
    fixed: [...known].filter((k) => !seen.has(k)).map((k) => `${k} (no longer happens: delete it from KNOWN)`),
  };
}

describe('the import parser', () => {
  it('finds static, type-only, multi-line, dynamic and require imports, and ignores comments', () => {
    const file = join(SRC, 'x', 'y.ts');
    const text = [
      "import { a } from '../errors.js';",
      "import type { B } from 'pdf-lib';",
      'import {',
      '  c,',
      "  type D,",
      "} from './z.js';",
      "export { e } from 'yaml';",
      "import 'side-effect';",
      "// import { no } from 'commander';",
      "/* import('handlebars') */",
      "const m = await import('css-tree/parser');",
      "const u = 'https://example.invalid/x'; const r = require('jsdom'); require.resolve('axe-core/axe.min.js');",
    ].join('\n');
    expect(importsOf(file, text).map((i) => `${i.kind} ${i.to}`)).toEqual([
      'static errors.ts',
      'type pdf-lib',
      'static x/z.ts',
      'static yaml',
      'static side-effect',
      'dynamic css-tree',
      'require jsdom',
      'require axe-core',
    ]);
  });

  it('sees the imports of the real tree', () => {
    // A parser that finds nothing would let every rule below pass.
    expect(files.length).toBeGreaterThan(50);
    expect(internal.length).toBeGreaterThan(200);
    for (const lib of ['puppeteer-core', 'yaml', 'handlebars', 'zod', 'pdf-lib', 'markdown-it', 'commander', 'axe-core']) {
      expect(external.some((i) => i.to === lib), lib).toBe(true);
    }
  });
});

describe('architecture rules (issue 10, finding 7)', () => {
  it('every third-party library is imported by its one owner only', () => {
    const unowned = [...new Set(external.filter((i) => !(i.to in OWNERS)).map((i) => `${i.to} (in ${i.from})`))];
    expect(unowned, 'a new dependency needs an owner in OWNERS').toEqual([]);
    const found = external.filter((i) => ![OWNERS[i.to]!].flat().some((o) => owns(o, i.from))).map((i) => ({ rule: 'owner' as const, from: i.from, to: i.to }));
    expect(judge('owner', found)).toEqual({ unexpected: [], fixed: [] });
  });

  it('every layer imports only the layers it may', () => {
    const layers = new Set(files.map((f) => layerOf(f.file)));
    expect([...layers].filter((l) => !(l in MAY_IMPORT)), 'a new layer needs a row in MAY_IMPORT').toEqual([]);
    const found = internal
      .filter((i) => layerOf(i.from) !== layerOf(i.to) && !MAY_IMPORT[layerOf(i.from)]!.includes(layerOf(i.to)))
      .map((i) => ({ rule: 'layer' as const, from: i.from, to: i.to }));
    expect(judge('layer', found)).toEqual({ unexpected: [], fixed: [] });
  });

  it('nothing but bin/ imports the CLI, and bin/ only its main', () => {
    expect(internal.filter((i) => layerOf(i.to) === 'cli' && layerOf(i.from) !== 'cli').map((i) => i.from)).toEqual(
      KNOWN.filter((k) => k.rule === 'layer' && k.to.startsWith('cli/')).map((k) => k.from),
    );
    const bin = readdirSync(join(ROOT, 'bin')).flatMap((f) => importsOf(join(ROOT, 'bin', f), readFileSync(join(ROOT, 'bin', f), 'utf8')));
    expect(bin.map((i) => i.spec)).toEqual(['../dist/cli-bundle/main.js']);
  });

  it('a folder with an index.ts is entered only through it', () => {
    const fronts = new Set(files.filter((f) => f.file.endsWith('/index.ts')).map((f) => dirname(f.file)));
    const found = internal
      .filter((i) => {
        const folder = dirname(i.to);
        return fronts.has(folder) && !i.to.endsWith('/index.ts') && !owns(folder, i.from);
      })
      .map((i) => ({ rule: 'index' as const, from: i.from, to: i.to }));
    expect(judge('index', found)).toEqual({ unexpected: [], fixed: [] });
  });

  it('no file imports itself round a loop', () => {
    const graph = new Map<string, string[]>();
    for (const i of internal) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    // Tarjan's strongly connected components: each one with two files or more is a loop.
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const loops: string[][] = [];
    const visit = (v: string) => {
      index.set(v, index.size);
      low.set(v, index.get(v)!);
      stack.push(v);
      for (const w of graph.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        for (let w = stack.pop()!; ; w = stack.pop()!) {
          scc.push(w);
          if (w === v) break;
        }
        if (scc.length > 1) loops.push(scc.sort());
      }
    };
    for (const f of files) if (!index.has(f.file)) visit(f.file);
    const found = loops.map((l) => ({ rule: 'cycle' as const, from: l.join(' '), to: '' }));
    expect(judge('cycle', found)).toEqual({ unexpected: [], fixed: [] });
  });
});
