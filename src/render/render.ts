/**
 * The render stage: an audience-selected deck → RenderedDeck (HTML string and the list of
 * files it references). Writes nothing; the bundle stage writes.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ExitCode, RatsdeckError } from '../errors.js';
import type { ValidDeck } from '../model/schema.js';
import { createEnv, listTemplates, type AssetCollector, type TemplateSource } from './handlebars.js';
import { buildDeckView, buildSlides, type DeckView, type SlideView } from './view.js';
import type { Changes } from '../model/snapshot.js';

export { PACKAGE_ROOT as PKG_ROOT } from '../package-root.js';
import { PACKAGE_ROOT as PKG_ROOT } from '../package-root.js';
export const BUILTIN_TEMPLATES = join(PKG_ROOT, 'templates');
export const BUILTIN_THEMES = join(PKG_ROOT, 'themes');
export { BUILTIN_THEMES as THEMES } from '../model/schema.js';
import { BUILTIN_THEMES as THEMES } from '../model/schema.js';
export { NONPUBLIC_SUFFIX } from '../model/outputs.js';
import { NONPUBLIC_SUFFIX } from '../model/outputs.js';

export interface BundleAsset {
  /** Absolute source path. */
  from: string;
  /** Path inside the output folder (forward slashes); also the URL used in the HTML. */
  to: string;
  kind: 'script' | 'style' | 'image';
  /** For stylesheets: the folder their url() references must stay in (the project, or ratsdeck's themes). */
  root?: string;
}

export interface SlideMeta {
  number: number;
  title: string;
  type: string;
  /** Index in the deck's slides: list (for FILE:LINE messages). */
  source: number;
  /** The id of the slide's <section>: its `id:` anchor, or folie-<number>. */
  elementId: string;
  hasNotes: boolean;
}

export { HANDOUT_LAYOUTS, HANDOUT_PER_PAGE, HANDOUT_WITH_NOTES, type HandoutLayout } from './layouts.js';
import { HANDOUT_PER_PAGE, HANDOUT_WITH_NOTES, type HandoutLayout } from './layouts.js';
/** Width of a slide on the handout page in mm (A4 content area 180 mm wide). */
const HANDOUT_WIDTH_MM: Record<HandoutLayout, number> = { '1': 180, '2': 180, '3': 100, '4': 87, '6': 87, notes: 180 };

export interface RenderedDeck {
  id: string;
  /** The id with the audience suffix (`-nichtoeffentlich`): the name of the output folder and files. */
  outputId: string;
  /** The session date (or deck date), YYYY-MM-DD. */
  date?: string;
  title: string;
  lang: 'de' | 'en';
  html: string;
  /** The A4 handout document, when asked for (printed to <id>-handout.pdf). */
  handoutHtml?: string;
  /** Its layout. */
  handoutLayout?: HandoutLayout;
  /** A draft (`--draft`): ENTWURF on every page, "Entwurf" in the titles, draft file names. */
  draft: boolean;
  slides: SlideMeta[];
  /** The slides' view data, as the templates got it (the PowerPoint export draws the same). */
  views: SlideView[];
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
  /** Marks every slide and handout page ENTWURF. */
  draft?: boolean;
  /** Also render the A4 handout document in this layout. */
  handout?: HandoutLayout;
  /** Changes since earlier sessions, for `changes` slides, by the deck id compared with. */
  changes?: Record<string, Changes>;
  /** For each of the deck's slides, its index in the deck file's `slides:` (the audience stage's SelectionReport.slides). */
  slideSources?: number[];
}

/** Heading levels: the deck is one slide per screen; the handout nests slides under sections. */
const DECK_HEADINGS = { top: 'h1', title: 'h2', section: 'h2', sub: 'h3' } as const;
const HANDOUT_HEADINGS = { top: 'h2', title: 'h3', section: 'h2', sub: 'h4' } as const;

/** A CSS string literal (for @page margin boxes); the value comes from deck data. */
export function cssString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ').replace(/</g, '\\3c ')}"`;
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
  const builtin = listTemplates(BUILTIN_TEMPLATES, '', true).filter((t) => !t.name.startsWith('static/'));
  const own = listTemplates(join(projectRoot, 'templates'));
  const byName = new Map<string, TemplateSource>();
  for (const t of [...builtin, ...own]) byName.set(t.name, t);
  return [...byName.values()];
}

export async function renderDeck(deck: ValidDeck, opts: RenderOptions): Promise<RenderedDeck> {
  const nonpublic = opts.nonpublic ?? false;
  const dv = buildDeckView(deck, { id: opts.id, nonpublic });
  const slides = await buildSlides(deck, dv, {
    id: opts.id,
    nonpublic,
    ...(opts.today ? { today: opts.today } : {}),
    ...(opts.changes ? { changes: opts.changes } : {}),
    ...(opts.slideSources ? { sources: opts.slideSources } : {}),
  });
  dv.total = slides.length;
  dv.hasIllustrative = slides.some((s) => s.illustrative);

  const images = imageCollector(opts.projectRoot);
  const hbs = createEnv(templateSources(opts.projectRoot), images);
  for (const s of slides) {
    if (!hbs.has(`slides/${s.type}`)) {
      throw new RatsdeckError(`no template for slide type "${s.type}"`, { exitCode: ExitCode.RENDER });
    }
  }
  const page: PageContext = { hbs, dv, draft: opts.draft ?? false, data: opts.extraData ?? {} };
  const files = fileAssets(deck.theme, opts.projectRoot);
  const html = hbs.render('layouts/deck', {
    // draft: "Entwurf" in the <title> (layouts/head.hbs).
    deck: { ...dv, draft: page.draft },
    L: dv.L,
    slidesHtml: slides.map((s) => renderSlide(page, s, DECK_HEADINGS)),
    styles: files.filter((a) => a.kind === 'style').map((a) => a.to),
    scripts: files.filter((a) => a.kind === 'script').map((a) => a.to),
    data: page.data,
  });
  const handoutHtml = opts.handout ? renderHandout(page, slides, files, opts.handout) : undefined;
  if (opts.handout) files.push(...HANDOUT_ASSETS);

  const date = deck.session?.date ?? deck.date;
  return {
    id: opts.id,
    outputId: nonpublic ? `${opts.id}${NONPUBLIC_SUFFIX}` : opts.id,
    ...(date ? { date } : {}),
    title: dv.title,
    lang: dv.lang,
    html,
    ...(handoutHtml && opts.handout ? { handoutHtml, handoutLayout: opts.handout } : {}),
    draft: page.draft,
    slides: slides.map((s) => ({ number: s.number, title: s.title, type: s.type, source: s.source, elementId: s.anchor ?? `folie-${s.number}`, hasNotes: !!s.notes })),
    views: slides,
    assets: [...files, ...images.assets()],
    view: dv,
  };
}

/** What every slide's layout gets besides the slide. */
interface PageContext {
  hbs: ReturnType<typeof createEnv>;
  dv: DeckView;
  draft: boolean;
  /** Custom data from _data/ (`data.<key>` in templates). */
  data: Record<string, unknown>;
}

type Headings = typeof DECK_HEADINGS | typeof HANDOUT_HEADINGS;

function renderSlide(page: PageContext, s: SlideView, hl: Headings, draft = page.draft): string {
  return page.hbs.render('layouts/slide', {
    slide: s,
    deck: { ...page.dv, draft },
    L: page.dv.L,
    hl,
    data: page.data,
    partial: `slides/${s.type}`,
  });
}

/** Project images the templates use, each copied once under a content-hashed name. */
function imageCollector(projectRoot: string): AssetCollector & { assets(): BundleAsset[] } {
  const images = new Map<string, BundleAsset>();
  return {
    image(src: string): string {
      const abs = resolve(projectRoot, src);
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
    assets: () => [...images.values()],
  };
}

const STATIC_DIR = join(BUILTIN_TEMPLATES, 'static');

/** reveal.js, the base styles, the theme and ratsdeck's scripts, in the order the page loads them. */
function fileAssets(theme: string | undefined, projectRoot: string): BundleAsset[] {
  const rd = revealDir();
  const themeCss = themeFile(theme, projectRoot);
  return [
    { from: join(rd, 'dist', 'reset.css'), to: 'ratsdeck/reset.css', kind: 'style' },
    { from: join(rd, 'dist', 'reveal.css'), to: 'ratsdeck/reveal.css', kind: 'style' },
    { from: join(BUILTIN_THEMES, 'base.css'), to: 'ratsdeck/base.css', kind: 'style' },
    { from: themeCss, to: 'ratsdeck/theme.css', kind: 'style', root: themeCss.startsWith(BUILTIN_THEMES) ? BUILTIN_THEMES : projectRoot },
    { from: join(rd, 'dist', 'reveal.js'), to: 'ratsdeck/reveal.js', kind: 'script' },
    { from: join(rd, 'plugin', 'notes', 'notes.js'), to: 'ratsdeck/notes.js', kind: 'script' },
    { from: join(STATIC_DIR, 'fit.js'), to: 'ratsdeck/fit.js', kind: 'script' },
    { from: join(STATIC_DIR, 'init.js'), to: 'ratsdeck/init.js', kind: 'script' },
  ];
}

const HANDOUT_ASSETS: BundleAsset[] = [
  { from: join(BUILTIN_THEMES, 'handout.css'), to: 'ratsdeck/handout.css', kind: 'style' },
  { from: join(STATIC_DIR, 'handout.js'), to: 'ratsdeck/handout.js', kind: 'script' },
];

/** The A4 handout: the slides as thumbnails, `per` to a page, with notes or lines to write on. */
function renderHandout(page: PageContext, slides: SlideView[], files: BundleAsset[], layout: HandoutLayout): string {
  const { dv, hbs } = page;
  const L = dv.L;
  const per = HANDOUT_PER_PAGE[layout];
  const width = HANDOUT_WIDTH_MM[layout];
  const items = slides.map((s) => ({
    // No ENTWURF on the thumbnails: the handout page carries its own mark.
    html: renderSlide(page, s, HANDOUT_HEADINGS, false),
    notes: s.notes ? hbs.render('partials/notes', { notes: s.notes }) : undefined,
    // Names the slide where its notes continue in another row (templates/static/handout.js).
    label: `${L.page} ${s.number}: ${s.title}`,
  }));
  const pages: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += per) pages.push(items.slice(i, i + per));
  return hbs.render('layouts/handout', {
    deck: { ...dv, draft: page.draft },
    L,
    // Not reveal.css: its print rules for non-reveal pages would restyle the thumbnails.
    styles: [...files.filter((a) => a.kind === 'style' && a.to !== 'ratsdeck/reveal.css').map((a) => a.to), 'ratsdeck/handout.css'],
    handout: {
      layout,
      draft: page.draft,
      pages,
      // px per mm at 96 dpi: the slide canvas is 1280 px wide.
      scale: ((width * 96) / 25.4 / 1280).toFixed(5),
      width,
      withNotes: HANDOUT_WITH_NOTES.includes(layout),
      withLines: layout === '1' || layout === '4' || layout === '6',
      headerLeft: cssString([dv.city, dv.committee].filter(Boolean).join(' · ')),
      headerRight: cssString([dv.sessionDate, dv.agendaItem ? `${L.agendaItem} ${dv.agendaItem}` : undefined, dv.paperReference].filter(Boolean).join(' · ')),
      footerLeft: cssString(dv.title),
      pageLabel: cssString(`${L.pageOf} `),
      ofLabel: cssString(` ${L.of} `),
      nonpublicLabel: cssString(L.NONPUBLIC),
    },
  });
}
