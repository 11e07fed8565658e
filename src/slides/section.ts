/** A section divider. */
import { z } from '../model/zod.js';
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
  pptx: {
    ownTitle: true,
    draw(data, { title }, c) {
      const a = c.area;
      c.shape('rect', { x: a.x, y: a.y + 2.0, w: 0.12, h: 1.3 }, { fill: 'accent' });
      c.text(title, { x: a.x + 0.35, y: a.y + 2.0, w: a.w - 0.35, h: 1.3 }, { size: 40, bold: true, colour: 'accent', valign: 'middle' });
      if (data.subtitle) c.text(data.subtitle, { x: a.x + 0.35, y: a.y + 3.45, w: a.w - 0.35, h: 0.9 }, { size: 22, colour: 'muted' });
    },
  },
};
