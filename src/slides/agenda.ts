/**
 * The agenda: its own items, else the titles of the section slides, else (a deck without
 * sections, like the README's example) what the deck's slides show, by title (issue 11).
 */
import { z } from '../model/zod.js';
import { PublicFlag, Text } from '../model/entities.js';
import type { Labels } from '../render/i18n.js';
import { paginate } from './common.js';
import { common } from './fields.js';
import type { OutlineEntry, SlideModule } from './types.js';
import type { Run } from '../pptx/canvas.js';

export const schema = z
  .strictObject({
    type: z.literal('agenda'),
    ...common,
    items: z
      .array(z.strictObject({ title: Text, agendaItem: Text.optional(), public: PublicFlag }))
      .optional()
      .describe('Punkte; ohne Angabe die Abschnittsfolien, ohne Abschnitte die Folien'),
  })
  .describe('Gliederung');

/** Items per slide before the agenda continues on the next. */
export const ROWS_PER_SLIDE = 9;

/**
 * Slides an agenda without sections leaves out: the frame of the talk (title, the agenda
 * itself, the closing), not its parts.
 */
const FRAME = new Set(['title', 'agenda', 'closing', 'section']);

export interface AgendaItem {
  title: string;
  agendaItem: string | undefined;
  /** Shown as its number only (the audience stage has replaced a non-public title). */
  nonpublic: boolean;
}

export interface AgendaData {
  items: AgendaItem[];
  /** Number of the first item on this slide (`<ol start>`). */
  start: number;
  /** Some item has a TOP number. */
  tops: boolean;
}

/**
 * The agenda of a deck without sections: one item per slide entry, by its title. An `activity`
 * entry (one slide per activity), and a run of them, is one item "Die Aktivitäten im Einzelnen
 * (5)": listing every activity would repeat the overview, and the agenda is there to show the
 * order of the talk. Consecutive entries of the same title (a table and its chart) are one item.
 */
export function outlineItems(outline: OutlineEntry[], L: Labels): string[] {
  const items: { title: string; type: string; count: number; own: string | undefined }[] = [];
  for (const e of outline) {
    if (FRAME.has(e.type) || e.items === 0) continue;
    const last = items.at(-1);
    if (e.type === 'activity' && last?.type === 'activity') {
      last.count += e.items;
      continue;
    }
    if (last && last.title === e.title && e.type !== 'activity') continue;
    items.push({ title: e.title, type: e.type, count: e.items, own: e.ownTitle });
  }
  return items.map((it) => {
    if (it.type !== 'activity' || it.count === 1) return it.title;
    return `${it.own ?? L.agendaActivities} (${it.count})`;
  });
}

export const slide: SlideModule<z.infer<typeof schema>, AgendaData> = {
  type: 'agenda',
  schema,
  outline: true,
  empty(s, deck) {
    if (s.items) {
      return s.items.length ? undefined : { message: 'items: is empty, so the agenda lists nothing', hint: 'add items, or leave items: out to list the section slides (or, without sections, the slides)' };
    }
    if (deck.slides.some((x) => !FRAME.has(x.type) || x.type === 'section')) return undefined;
    return {
      message: 'the deck has no slides besides the title, the agenda and the closing, so the agenda lists nothing',
      hint: 'add the slides of the talk, or items: to the agenda, or remove the agenda',
    };
  },
  view(s, { deck, L, outline }) {
    const sections = deck.slides.filter((x) => x.type === 'section');
    const items: AgendaItem[] =
      s.items?.map((it) => ({
        title: it.title,
        agendaItem: it.agendaItem,
        nonpublic: (it as { nonpublic?: boolean }).nonpublic === true || it.public === false,
      })) ??
      (sections.length ? sections.map((x) => x.title ?? '') : outlineItems(outline, L)).map((title) => ({ title, agendaItem: undefined, nonpublic: false }));
    const tops = items.some((it) => it.agendaItem);
    return paginate(items, ROWS_PER_SLIDE, { title: s.title ?? L.agenda, L }, (page) => ({
      items: page,
      start: Math.max(1, items.indexOf(page[0]!) + 1),
      tops,
    }));
  },
  pptx: {
    draw(data, _ctx, c) {
      // As the HTML list: numbered, or (when some item has a TOP) only the TOP numbers; a
      // non-public item says so, in words, before its title (which the public deck has not).
      const paras = data.items.map((it, i) => {
        const label = it.agendaItem ? `${c.L.agendaItem} ${it.agendaItem}` : data.tops ? '' : `${data.start + i}.`;
        const runs: Run[] = label ? [{ text: `${label}  `, bold: true, colour: 'accent' }] : [];
        if (it.nonpublic) runs.push({ text: c.L.nonpublic, italic: true, colour: 'muted' }, ...(it.title ? [{ text: ` – ${it.title}`, colour: 'muted' as const }] : []));
        else runs.push({ text: it.title });
        return { runs, spaceBefore: 8 };
      });
      c.text(paras.length ? paras : [{ runs: [{ text: c.L.noData }] }], c.area, { size: 22 });
    },
  },
};
