/** The title slide: city, logo, committee, session, paper and presenters (from the deck view). */
import { z } from '../model/zod.js';
import { Text } from '../model/entities.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';
import { splitTop } from '../pptx/canvas.js';
import { factParas } from './common.js';

export const schema = z.strictObject({ type: z.literal('title'), ...common, subtitle: Text.optional() }).describe('Titelfolie');

export interface TitleData {
  subtitle: string | undefined;
}

export const slide: SlideModule<z.infer<typeof schema>, TitleData> = {
  type: 'title',
  schema,
  view: (s, { deck }) => [{ data: { subtitle: s.subtitle ?? deck.subtitle }, title: s.title ?? deck.title }],
  pptx: {
    ownTitle: true,
    draw(data, { dv, title }, c) {
      const a = c.area;
      let y = a.y + 0.3;
      if (dv.logo) c.image(dv.logo.src, { x: a.x, y, w: 2.2, h: 1.0 }, dv.logo.alt);
      if (dv.city) c.text(dv.city, { x: a.x + (dv.logo ? 2.4 : 0), y, w: 8, h: 1.0 }, { size: 20, bold: true, colour: 'muted', valign: 'middle' });
      y += 1.5;
      const [head, rest] = splitTop({ x: a.x, y, w: a.w, h: a.y + a.h - y }, 1.5);
      c.text(title, head, { size: 40, bold: true, colour: 'accent', valign: 'bottom' });
      const facts = factParas([
        [c.L.session, dv.committee ? [dv.committee, dv.sessionDateLong, dv.sessionTime].filter(Boolean).join(', ') : undefined],
        [c.L.agendaItem, dv.agendaItem],
        [c.L.paper, dv.paperReference ? [dv.paperType, dv.paperReference].filter(Boolean).join(' ') : undefined],
        [c.L.presentedBy, dv.presenters.length ? dv.presenters.join('; ') : undefined],
      ]);
      const paras = [...(data.subtitle ? [{ runs: [{ text: data.subtitle }] }] : []), ...facts.map((p, i) => (i === 0 && data.subtitle ? { ...p, spaceBefore: 14 } : p))];
      if (dv.hasIllustrative) paras.push({ runs: [{ text: c.L.illustrativeNote, italic: true, colour: 'muted' as const }], spaceBefore: 14 });
      c.text(paras, rest, { size: 20 });
    },
  },
};
