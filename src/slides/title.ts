/** The title slide: city, logo, committee, session, paper and presenters (from the deck view). */
import { z } from 'zod';
import { Text } from '../model/entities.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z.strictObject({ type: z.literal('title'), ...common, subtitle: Text.optional() }).describe('Titelfolie');

export interface TitleData {
  subtitle: string | undefined;
}

export const slide: SlideModule<z.infer<typeof schema>, TitleData> = {
  type: 'title',
  schema,
  view: (s, { deck }) => [{ data: { subtitle: s.subtitle ?? deck.subtitle }, title: s.title ?? deck.title }],
};
