/**
 * The session archive page (out/index.html): every built deck of one audience, newest first.
 * Self-contained (inline CSS, no scripts), so it works from file:// and loads nothing.
 */
import { join } from 'node:path';
import { formatDate } from './format.js';
import { createEnv, listTemplates } from './handlebars.js';
import type { DeckListing } from '../model/outputs.js';
import { LABELS, type Lang } from './i18n.js';
import { BUILTIN_TEMPLATES } from './render.js';

export interface ArchiveEntry extends DeckListing {
  /** Links relative to the archive page. */
  html?: string;
  single?: string;
  pdf?: string;
  handout?: string;
  /** The PowerPoint file, while it is current. */
  pptx?: string;
  /** Built with --draft: marked "Entwurf". */
  draft?: boolean;
  /** The single file is a draft (<id>-entwurf.html). */
  singleDraft?: boolean;
}

export interface ArchiveOptions {
  lang: Lang;
  nonpublic: boolean;
  city?: string;
  colour?: string;
  /** The project's own templates/ may override layouts/archive.hbs. */
  projectRoot?: string;
}

export function renderArchive(entries: ArchiveEntry[], opts: ArchiveOptions): string {
  const sorted = [...entries].sort(
    (a, b) => (b.date ?? '').localeCompare(a.date ?? '') || (b.time ?? '').localeCompare(a.time ?? '') || a.outputId.localeCompare(b.outputId),
  );
  const sources = [...listTemplates(join(BUILTIN_TEMPLATES, 'layouts'), 'layouts/', true), ...(opts.projectRoot ? listTemplates(join(opts.projectRoot, 'templates', 'layouts'), 'layouts/') : [])];
  const hbs = createEnv(sources.filter((t) => t.name === 'layouts/archive'), { image: (s) => s });
  return hbs.render('layouts/archive', {
    lang: opts.lang,
    L: LABELS[opts.lang],
    nonpublic: opts.nonpublic,
    city: opts.city,
    colour: opts.colour && /^#[0-9a-fA-F]{6}$/.test(opts.colour) ? opts.colour : '#00508c',
    entries: sorted.map((e) => ({ ...e, dateText: e.date ? formatDate(e.date, opts.lang) : '' })),
  });
}
