/** The networks the city works in, as cards. */
import { z } from 'zod';
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
};
