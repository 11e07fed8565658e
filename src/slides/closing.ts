/** The closing slide: thanks, questions, a contact. */
import { z } from 'zod';
import { Markdown, Text } from '../model/entities.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z
  .strictObject({ type: z.literal('closing'), ...common, text: Markdown.optional(), contact: Text.optional() })
  .describe('Abschluss / Fragen');

export interface ClosingData {
  text: string | undefined;
  contact: string | undefined;
  sub: string;
}

export const slide: SlideModule<z.infer<typeof schema>, ClosingData> = {
  type: 'closing',
  schema,
  view: (s, { L }) => [{ data: { text: s.text, contact: s.contact, sub: L.closingSub }, title: s.title ?? L.closing }],
};
