/** The closing slide: thanks, questions, a contact. */
import { z } from '../model/zod.js';
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
  pptx: {
    ownTitle: true,
    draw(data, { title }, c) {
      const a = c.area;
      c.text(title, { x: a.x, y: a.y + 1.4, w: a.w, h: 1.2 }, { size: 36, bold: true, colour: 'accent', valign: 'bottom' });
      c.text(data.sub, { x: a.x, y: a.y + 2.7, w: a.w, h: 0.6 }, { size: 22, colour: 'muted' });
      const box = { x: a.x, y: a.y + 3.5, w: a.w, h: 2.4 };
      if (data.text) c.markdown(data.text + (data.contact ? `\n\n${data.contact}` : ''), box);
      else if (data.contact) c.text(data.contact, box);
    },
  },
};
