/** The networks the city works in, as cards. */
import { z } from '../model/zod.js';
import { Id } from '../model/entities.js';
import { byIds, paginate, selectedIds } from './common.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z
  .strictObject({
    type: z.literal('networks'),
    ...common,
    select: z.strictObject({ ids: z.array(Id).optional() }).optional(),
  })
  .describe('Netzwerke');

/** Cards per slide. */
export const ROWS_PER_SLIDE = 8;

export interface NetworkCard {
  name: string;
  kind: string | undefined;
  role: string | undefined;
  since: number | undefined;
  description: string | undefined;
  url: string | undefined;
}

export interface NetworksData {
  cards: NetworkCard[];
}

export const slide: SlideModule<z.infer<typeof schema>, NetworksData> = {
  type: 'networks',
  schema,
  references: (s) => selectedIds(s, 'network'),
  empty(s, deck) {
    if (byIds(deck.networks ?? [], s.select?.ids).length) return undefined;
    return deck.networks?.length
      ? { message: 'its select matches no network, so the slide shows only "no entries"', hint: 'check select: ids: against _data/networks.yaml, or remove the slide' }
      : { message: 'there are no networks in the data, so the slide shows only "no entries"', hint: 'add networks to _data/networks.yaml, or remove the slide' };
  },
  view(s, { deck, L }) {
    const cards = byIds(deck.networks ?? [], s.select?.ids).map((n) => ({
      name: n.name,
      kind: n.kind,
      role: n.role,
      since: n.since,
      description: n.description,
      url: n.url,
    }));
    return paginate(cards, ROWS_PER_SLIDE, { title: s.title ?? L.networks, L }, (page) => ({ cards: page }));
  },
  pptx: {
    draw(data, _ctx, c) {
      const a = c.area;
      if (!data.cards.length) return c.text(c.L.noData, a, { colour: 'muted' });
      // Two columns of cards, as the HTML grid.
      const cols = 2;
      const rows = Math.ceil(data.cards.length / cols);
      const gap = 0.25;
      const w = (a.w - gap) / cols;
      const h = (a.h - gap * (rows - 1)) / rows;
      data.cards.forEach((n, i) => {
        const box = { x: a.x + (i % cols) * (w + gap), y: a.y + Math.floor(i / cols) * (h + gap), w, h };
        c.shape('rect', box, { fill: 'surface', line: 'border', lineWidth: 0.75 });
        const meta = [[n.kind, n.role].filter(Boolean).join(' · '), n.since ? `${c.L.since} ${n.since}` : ''].filter(Boolean).join(' · ');
        c.text(
          [
            { runs: [{ text: n.name, bold: true, colour: 'accent' as const, ...(n.url ? { link: n.url } : {}) }] },
            ...(meta ? [{ runs: [{ text: meta, colour: 'muted' as const }] }] : []),
            ...(n.description ? [{ runs: [{ text: c.plain(n.description) }] }] : []),
          ],
          { x: box.x + 0.15, y: box.y + 0.1, w: box.w - 0.3, h: box.h - 0.2 },
          { size: 15 },
        );
      });
    },
  },
};
