/**
 * The render stage: an audience-selected deck → RenderedDeck (HTML string and the list of
 * files it references). Writes nothing; the bundle stage writes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, RatsdeckError } from '../errors.js';
import type { ValidDeck } from '../model/schema.js';
import { createEnv, listTemplates, type TemplateSource } from './handlebars.js';
import { buildDeckView, buildSlides, type DeckView, type SlideView } from './view.js';

export const PKG_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILTIN_TEMPLATES = join(PKG_ROOT, 'templates');
export const BUILTIN_THEMES = join(PKG_ROOT, 'themes');
export const THEMES = ['stadt', 'kontrast', 'nacht'] as const;

export interface BundleAsset {
  /** Absolute source path. */
  from: string;
  /** Path inside the output folder (forward slashes); also the URL used in the HTML. */
  to: string;
  kind: 'script' | 'style' | 'image';
}

export interface SlideMeta {
  number: number;
  title: string;
  type: string;
  /** Index in the deck's slides: list (for FILE:LINE messages). */
  source: number;
  hasNotes: boolean;
}

export interface RenderedDeck {
  id: string;
  title: string;
  lang: 'de' | 'en';
  html: string;
  slides: SlideMeta[];
  assets: BundleAsset[];
  view: DeckView;
}

export interface RenderOptions {
  id: string;
  /** Absolute project folder; image paths in the deck are relative to it. */
  projectRoot: string;
  nonpublic?: boolean;
  /** Custom data from _data/ for custom templates (`data.<key>`). */
  extraData?: Record<string, unknown>;
  /** The day the timeline marks as today (default: the session date). */
  today?: string;
}

function revealDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('reveal.js/package.json'));
}

/** The CSS file of a theme: a built-in name, or a .css path relative to the project root. */
export function themeFile(theme: string | undefined, projectRoot: string): string {
  const name = theme ?? 'stadt';
  if ((THEMES as readonly string[]).includes(name)) return join(BUILTIN_THEMES, `${name}.css`);
  if (extname(name).toLowerCase() === '.css') {
    const file = resolve(projectRoot, name);
    if (!existsSync(file)) {
      throw new RatsdeckError(`theme file "${name}" not found`, { exitCode: ExitCode.INVALID_DATA, hint: `looked for ${file}` });
    }
    return file;
  }
  throw new RatsdeckError(`unknown theme "${name}"`, {
    exitCode: ExitCode.INVALID_DATA,
    hint: `use one of ${THEMES.join(', ')}, or the path of a .css file in the project`,
  });
}

/** Templates: built-in ones, overridden or extended by the project's templates/ folder. */
export function templateSources(projectRoot: string): TemplateSource[] {
  const builtin = listTemplates(BUILTIN_TEMPLATES).filter((t) => !t.name.startsWith('static/'));
  const own = listTemplates(join(projectRoot, 'templates'));
  const byName = new Map<string, TemplateSource>();
  for (const t of [...builtin, ...own]) byName.set(t.name, t);
  return [...byName.values()];
}

export async function renderDeck(deck: ValidDeck, opts: RenderOptions): Promise<RenderedDeck> {
  const nonpublic = opts.nonpublic ?? false;
  const dv = buildDeckView(deck, { id: opts.id, nonpublic });
  const slides = await buildSlides(deck, dv, { id: opts.id, nonpublic, ...(opts.today ? { today: opts.today } : {}) });
  dv.total = slides.length;
  dv.hasIllustrative = slides.some((s) => s.illustrative);

  const images = new Map<string, BundleAsset>();
  const assets = {
    image(src: string): string {
      const abs = resolve(opts.projectRoot, src);
      let a = images.get(abs);
      if (!a) {
        // Content hash in the name: stable across builds, no clashes between equal file names.
        const hash = createHash('sha256').update(readFileSync(abs)).digest('hex').slice(0, 10);
        const name = basename(abs).replace(/[^A-Za-z0-9._-]/g, '_');
        a = { from: abs, to: `assets/${hash}-${name}`, kind: 'image' };
        images.set(abs, a);
      }
      return a.to;
    },
  };

  const hbs = createEnv(templateSources(opts.projectRoot), assets);
  for (const s of slides) {
    if (!hbs.has(`slides/${s.type}`)) {
      throw new RatsdeckError(`no template for slide type "${s.type}"`, { exitCode: ExitCode.RENDER });
    }
  }

  const slideHtml = slides.map((s: SlideView) =>
    hbs.render('layouts/slide', { slide: s, deck: dv, L: dv.L, data: opts.extraData ?? {}, partial: `slides/${s.type}` }),
  );

  const rd = revealDir();
  const staticDir = join(BUILTIN_TEMPLATES, 'static');
  const theme = themeFile(deck.theme, opts.projectRoot);
  const fileAssets: BundleAsset[] = [
    { from: join(rd, 'dist', 'reset.css'), to: 'ratsdeck/reset.css', kind: 'style' },
    { from: join(rd, 'dist', 'reveal.css'), to: 'ratsdeck/reveal.css', kind: 'style' },
    { from: join(BUILTIN_THEMES, 'base.css'), to: 'ratsdeck/base.css', kind: 'style' },
    { from: theme, to: 'ratsdeck/theme.css', kind: 'style' },
    { from: join(rd, 'dist', 'reveal.js'), to: 'ratsdeck/reveal.js', kind: 'script' },
    { from: join(rd, 'plugin', 'notes', 'notes.js'), to: 'ratsdeck/notes.js', kind: 'script' },
    { from: join(staticDir, 'init.js'), to: 'ratsdeck/init.js', kind: 'script' },
  ];

  const html = hbs.render('layouts/deck', {
    deck: dv,
    L: dv.L,
    slidesHtml: slideHtml,
    styles: fileAssets.filter((a) => a.kind === 'style').map((a) => a.to),
    scripts: fileAssets.filter((a) => a.kind === 'script').map((a) => a.to),
    data: opts.extraData ?? {},
  });

  return {
    id: opts.id,
    title: dv.title,
    lang: dv.lang,
    html,
    slides: slides.map((s) => ({ number: s.number, title: s.title, type: s.type, source: s.source, hasNotes: !!s.notes })),
    assets: [...fileAssets, ...images.values()],
    view: dv,
  };
}
