/** The agenda: its own items, or else the titles of the section slides. */
import { z } from 'zod';
import { PublicFlag, Text } from '../model/entities.js';
import { paginate } from './common.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z
  .strictObject({
    type: z.literal('agenda'),
    ...common,
    items: z
      .array(z.strictObject({ title: Text, agendaItem: Text.optional(), public: PublicFlag }))
      .optional()
      .describe('Punkte; ohne Angabe die Abschnittsfolien'),
  })
  .describe('Gliederung');

/** Items per slide before the agenda continues on the next. */
export const ROWS_PER_SLIDE = 9;

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

export const slide: SlideModule<z.infer<typeof schema>, AgendaData> = {
  type: 'agenda',
  schema,
  view(s, { deck, L }) {
    const items: AgendaItem[] =
      s.items?.map((it) => ({
        title: it.title,
        agendaItem: it.agendaItem,
        nonpublic: (it as { nonpublic?: boolean }).nonpublic === true || it.public === false,
      })) ??
      deck.slides
        .filter((x) => x.type === 'section')
        .map((x) => ({ title: x.title ?? '', agendaItem: undefined, nonpublic: false }));
    const tops = items.some((it) => it.agendaItem);
    return paginate(items, ROWS_PER_SLIDE, { title: s.title ?? L.agenda, L }, (page) => ({
      items: page,
      start: items.indexOf(page[0]!) + 1,
      tops,
    }));
  },
  pptx: {
    draw(data, _ctx, c) {
      const paras = data.items.map((it, i) => ({
        runs: [{ text: `${it.agendaItem ? `${c.L.agendaItem} ${it.agendaItem}` : `${data.start + i}.`}  `, bold: true, colour: 'accent' as const }, { text: it.title }],
        spaceBefore: 8,
      }));
      c.text(paras.length ? paras : [{ runs: [{ text: c.L.noData }] }], c.area, { size: 22 });
    },
  },
};
