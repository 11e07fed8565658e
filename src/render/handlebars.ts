/**
 * The Handlebars environment: helpers and partials. The only importer of handlebars.
 *
 * Every value is escaped by Handlebars; the only unescaped output comes from helpers that
 * produce safe HTML themselves (Markdown with raw HTML disabled).
 */
import type Handlebars from 'handlebars';
// The runtime only (no compiler): the built-in templates come precompiled (issue 15). The
// compiler is loaded when a template has to be compiled (fullHandlebars below).
import * as runtimeModule from 'handlebars/runtime.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { renderMarkdown, renderMarkdownInline } from './markdown.js';

export type HbsEnv = typeof Handlebars;
const runtime = ((runtimeModule as unknown as { default?: HbsEnv }).default ?? runtimeModule) as unknown as HbsEnv;

let full: HbsEnv | undefined;
/** Handlebars with its compiler, for a project's own templates (and strict compiles in tests). */
function fullHandlebars(): HbsEnv {
  full ??= createRequire(import.meta.url)('handlebars') as HbsEnv;
  return full;
}

export interface TemplateSource {
  name: string;
  file: string;
  text: string;
  /** One of ratsdeck's own templates (which may have been compiled at build time). */
  builtin?: boolean;
}

/** Lists *.hbs files of a folder (recursively), named by their path without extension. */
export function listTemplates(dir: string, prefix = '', builtin = false): TemplateSource[] {
  if (!existsSync(dir)) return [];
  const out: TemplateSource[] = [];
  for (const ent of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) out.push(...listTemplates(p, `${prefix}${ent.name}/`, builtin));
    else if (ent.isFile() && ent.name.endsWith('.hbs')) {
      out.push({ name: `${prefix}${basename(ent.name, '.hbs')}`, file: p, text: readFileSync(p, 'utf8'), ...(builtin ? { builtin: true } : {}) });
    }
  }
  return out;
}

export interface AssetCollector {
  /** Returns the URL of a project file in the built deck and records it for the bundle. */
  image(src: string): string;
}

export interface EnvOptions {
  /**
   * Handlebars strict mode: a field a template names that its data lacks throws. The tests
   * compile the built-in templates so against real view data (test/render/strict.test.ts);
   * builds do not, since a project's own templates may rely on missing fields being empty.
   */
  strict?: boolean;
}

interface Precompiled {
  handlebars: string;
  templates: Record<string, { digest: string; spec: TemplateSpecification }>;
}
type TemplateSpecification = Parameters<HbsEnv['template']>[0];
let precompiled: Precompiled | null | undefined;

/**
 * The built-in templates as compiled at build time (scripts/precompile-templates.mjs, issue 15),
 * or null where there is no such file (tests run from the sources) or it was made by another
 * Handlebars version.
 */
function precompiledTemplates(): Precompiled | null {
  if (precompiled !== undefined) return precompiled;
  const file = join(PACKAGE_ROOT, 'dist', 'templates.cjs');
  precompiled = null;
  if (existsSync(file)) {
    const loaded = createRequire(import.meta.url)(file) as Precompiled;
    if (loaded.handlebars === runtime.VERSION) precompiled = loaded;
  }
  return precompiled;
}

/** The precompiled template for `t`, if there is one for exactly its text. */
function precompiledFor(env: HbsEnv, t: TemplateSource, opts: EnvOptions): Handlebars.TemplateDelegate | undefined {
  if (opts.strict || !t.builtin) return undefined;
  const entry = precompiledTemplates()?.templates[t.name];
  if (!entry || entry.digest !== createHash('sha256').update(t.text).digest('hex')) return undefined;
  return env.template(entry.spec);
}

function compileChecked(env: HbsEnv, t: TemplateSource, opts: EnvOptions): Handlebars.TemplateDelegate {
  const ready = precompiledFor(env, t, opts);
  if (ready) return ready;
  try {
    // Compiled now, so syntax errors are reported with the template file, not at first use;
    // the same as Handlebars' own compile does on first use, into this (runtime) environment.
    const spec = fullHandlebars().precompile(t.text, { strict: opts.strict ?? false, preventIndent: true });
    return env.template(new Function(`return ${spec}`)() as Parameters<HbsEnv['template']>[0]);
  } catch (err) {
    throw templateError(err, t.file);
  }
}

export function templateError(err: unknown, file: string): RatsdeckError {
  const msg = err instanceof Error ? err.message : String(err);
  const line = /line (\d+)/.exec(msg)?.[1] ?? '1';
  const first = msg.split('\n')[0] ?? msg;
  return new RatsdeckError(`${file}:${line}:1: template error: ${first}`, {
    exitCode: ExitCode.RENDER,
    cause: err,
    hint: 'fix the Handlebars template, or remove it from the project to use the built-in one',
  });
}

/**
 * Creates an isolated Handlebars environment with ratsdeck's helpers and the given partials
 * (later sources win: the project's templates/ override the built-in ones).
 */
export function createEnv(sources: TemplateSource[], assets: AssetCollector, opts: EnvOptions = {}): {
  env: HbsEnv;
  render(name: string, context: unknown): string;
  has(name: string): boolean;
} {
  const env = runtime.create();
  const compiled = new Map<string, { fn: Handlebars.TemplateDelegate; file: string }>();
  for (const t of sources) {
    const fn = compileChecked(env, t, opts);
    compiled.set(t.name, { fn, file: t.file });
    env.registerPartial(t.name, fn);
  }

  env.registerHelper('md', (text: unknown) =>
    typeof text === 'string' ? new env.SafeString(renderMarkdown(text)) : '',
  );
  env.registerHelper('mdInline', (text: unknown) =>
    typeof text === 'string' ? new env.SafeString(renderMarkdownInline(text)) : '',
  );
  env.registerHelper('image', (src: unknown) => (typeof src === 'string' ? assets.image(src) : ''));
  env.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  env.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  env.registerHelper('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
  env.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  env.registerHelper('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
  env.registerHelper('not', (a: unknown) => !a);
  env.registerHelper('array', (...args: unknown[]) => args.slice(0, -1));
  env.registerHelper('len', (a: unknown) => (Array.isArray(a) ? a.length : 0));
  env.registerHelper('add', (a: unknown, b: unknown) => Number(a) + Number(b));
  env.registerHelper('join', (a: unknown, sep: unknown) =>
    Array.isArray(a) ? a.filter((x) => x !== undefined && x !== null && x !== '').join(typeof sep === 'string' ? sep : ', ') : '',
  );
  /** Inline SVG produced by ratsdeck's chart module at build time (labels escaped there). */
  env.registerHelper('chartSvg', (chart: unknown) =>
    chart && typeof chart === 'object' && typeof (chart as { svg?: unknown }).svg === 'string'
      ? new env.SafeString((chart as { svg: string }).svg)
      : '',
  );
  /** A number clamped to 0–100 for a progress bar's width. */
  env.registerHelper('pct', (v: unknown) => Math.max(0, Math.min(100, Number(v) || 0)));

  return {
    env,
    has: (name) => compiled.has(name),
    render(name, context) {
      const t = compiled.get(name);
      if (!t) {
        throw new RatsdeckError(`no template "${name}"`, { exitCode: ExitCode.RENDER });
      }
      try {
        return t.fn(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
      } catch (err) {
        if (err instanceof RatsdeckError) throw err;
        throw templateError(err, t.file);
      }
    },
  };
}
