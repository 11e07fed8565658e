/** A section divider. */
import { z } from 'zod';
import { Text } from '../model/entities.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z.strictObject({ type: z.literal('section'), ...common, title: Text, subtitle: Text.optional() }).describe('Abschnitt');

export interface SectionData {
  subtitle: string | undefined;
}

export const slide: SlideModule<z.infer<typeof schema>, SectionData> = {
  type: 'section',
  schema,
  view: (s) => [{ data: { subtitle: s.subtitle }, title: s.title }],
};
