/**
 * A rendered deck as a PowerPoint presentation: the same slides, in the same order, with the
 * same titles as the HTML deck, each drawn by its slide type's module (src/slides/<type>.ts
 * `pptx`), inside the frame every slide has: the accent bar, the title, the footer with the
 * session line and "Folie N von M", the NICHTÖFFENTLICH and ENTWURF marks, the speaker notes.
 * It reads only the audience-selected deck the HTML was rendered from.
 */
import type { ValidDeck } from '../model/schema.js';
import type { RenderedDeck } from '../render/render.js';
import { markdownParagraphs } from '../render/markdown.js';
import { slideModule } from '../slides/index.js';
import { SLIDE_H, SLIDE_W, type Box, type SlideCanvas } from './canvas.js';
import { pptxTheme } from './theme.js';
import { PptxDocument, type PptxInfo } from './writer.js';

const MARGIN_X = 0.6;
const TITLE: Box = { x: MARGIN_X, y: 0.32, w: SLIDE_W - 2 * MARGIN_X - 2.2, h: 0.85 };
/** The content area: below the title, above the footer. */
export const CONTENT: Box = { x: MARGIN_X, y: 1.3, w: SLIDE_W - 2 * MARGIN_X, h: 5.45 };
/** Without a title (title page, section, closing): from below the bar. */
export const FULL: Box = { x: MARGIN_X, y: 0.45, w: SLIDE_W - 2 * MARGIN_X, h: 6.3 };
const FOOTER_Y = 6.98;

export interface PptxOptions {
  /** Absolute project folder: the deck's images are relative to it. */
  projectRoot: string;
  /** Document dates (default: the deck's date at noon UTC, else now). */
  date?: Date;
  /** A picture of slide `slide` that a PowerPoint file cannot hold (WebP): it is left out. */
  onImageLeftOut?: (src: string, slide: number) => void;
}

/** The metadata of the presentation, from the deck as the PDFs have it. */
export function pptxInfo(rendered: RenderedDeck, deck: ValidDeck, date?: Date): PptxInfo {
  const dv = rendered.view;
  const keywords = [dv.city, dv.committee, dv.sessionDate, dv.agendaItem ? `${dv.L.agendaItem} ${dv.agendaItem}` : undefined, dv.paperReference, dv.nonpublic ? dv.L.NONPUBLIC : undefined]
    .filter((k): k is string => !!k);
  const day = deck.date ?? deck.session?.date ?? deck.paper?.date;
  return {
    title: rendered.draft ? `${dv.L.DRAFT}: ${dv.title}` : dv.title,
    author: deck.paper?.author ?? dv.city,
    subject: deck.paper?.subject,
    company: dv.city,
    keywords,
    lang: dv.lang,
    date: date ?? (day ? new Date(`${day}T12:00:00Z`) : new Date()),
  };
}

/** Speaker notes (Markdown) as the plain text of the notes pane, lists with their bullets. */
export function notesText(src: string): string {
  return markdownParagraphs(src)
    .map((p) => `${p.list === 'bullet' ? '• ' : ''}${p.runs.map((r) => r.text).join('')}`)
    .join('\n');
}

export async function renderPptx(rendered: RenderedDeck, deck: ValidDeck, opts: PptxOptions): Promise<Buffer> {
  const dv = rendered.view;
  const theme = pptxTheme(deck.theme, opts.projectRoot, dv.colour);
  const doc = new PptxDocument(pptxInfo(rendered, deck, opts.date), theme, opts.projectRoot);
  for (const view of rendered.views) {
    const m = slideModule(view.type);
    if (!m) throw new Error(`no module for slide type "${view.type}"`);
    const own = m.pptx.ownTitle ?? false;
    const { canvas, notes } = doc.addSlide(dv.L, own ? FULL : CONTENT, (src) => opts.onImageLeftOut?.(src, view.number));
    frame(canvas, rendered, view.number, view.illustrative);
    if (!own) canvas.text(view.title, TITLE, { size: Math.round(theme.size * 1.6), bold: true, colour: 'accent', valign: 'middle' });
    m.pptx.draw(view.data, { dv, title: view.title, continued: view.continued }, canvas);
    if (view.notes) notes(notesText(view.notes));
  }
  return doc.toBuffer();
}

/** What every slide has around its content (templates/layouts/slide.hbs). */
function frame(canvas: SlideCanvas, rendered: RenderedDeck, number: number, illustrative: boolean): void {
  const dv = rendered.view;
  const L = dv.L;
  canvas.shape('rect', { x: 0, y: 0, w: SLIDE_W, h: 0.1 }, { fill: 'accent' });
  canvas.shape('line', { x: MARGIN_X, y: FOOTER_Y - 0.06, w: SLIDE_W - 2 * MARGIN_X, h: 0 }, { line: 'border', lineWidth: 0.75 });
  canvas.text(dv.footer, { x: MARGIN_X, y: FOOTER_Y, w: 8.6, h: 0.34 }, { size: 11, colour: 'muted', valign: 'middle' });
  if (illustrative) {
    canvas.text(L.illustrative, { x: 9.3, y: FOOTER_Y + 0.03, w: 1.5, h: 0.28 }, { size: 10, colour: 'muted', align: 'center', valign: 'middle' });
    canvas.shape('roundRect', { x: 9.3, y: FOOTER_Y + 0.03, w: 1.5, h: 0.28 }, { line: 'muted', lineWidth: 0.75 });
  }
  canvas.text(`${L.page} ${number} ${L.of} ${rendered.views.length}`, { x: SLIDE_W - MARGIN_X - 2, y: FOOTER_Y, w: 2, h: 0.34 }, { size: 11, colour: 'muted', align: 'right', valign: 'middle' });
  if (dv.nonpublic) {
    const box = { x: SLIDE_W - MARGIN_X - 2.1, y: 0.2, w: 2.1, h: 0.32 };
    canvas.shape('rect', box, { line: 'red', lineWidth: 1.5 });
    canvas.text(L.NONPUBLIC, box, { size: 11, bold: true, colour: 'red', align: 'center', valign: 'middle', shrink: false });
  }
  if (rendered.draft) {
    canvas.text(L.DRAFT, { x: 0, y: SLIDE_H - 0.62, w: SLIDE_W, h: 0.3 }, { size: 12, bold: true, colour: 'red', align: 'center', valign: 'middle' });
  }
}
