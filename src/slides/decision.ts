/** The proposed resolution, word for word, from the paper, and its Gremienweg (Beratungsfolge). */
import { z } from '../model/zod.js';
import { consultationRole, formatDate } from '../render/format.js';
import { DECISION_KIND_LABELS } from '../render/i18n.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';
import { splitTop } from '../pptx/canvas.js';

export const schema = z.strictObject({ type: z.literal('decision'), ...common }).describe('Beschlussvorschlag im Wortlaut');

export interface DecisionData {
  text: string | undefined;
  reference: string | undefined;
  subject: string | undefined;
  /** "Beschlussvorschlag" or "Beschlussempfehlung" in the deck's language. */
  kind: string;
  /** The Gremienweg (what the audience may see of it), formatted. */
  consultations: { committee: string; date: string | undefined; agendaItem: string | undefined; role: string | undefined; result: string | undefined }[];
}

export const slide: SlideModule<z.infer<typeof schema>, DecisionData> = {
  type: 'decision',
  schema,
  empty(_s, deck) {
    if (deck.paper?.decisionProposal?.text) return undefined;
    return { message: 'the deck has no paper.decisionProposal.text, so the slide shows no proposal', hint: 'add paper: { decisionProposal: { kind: Beschlussvorschlag, text: … } } to the deck, or remove the slide' };
  },
  view(s, { deck, lang }) {
    const p = deck.paper;
    const kind = DECISION_KIND_LABELS[lang][p?.decisionProposal?.kind ?? 'Beschlussvorschlag'];
    const consultations = (p?.consultations ?? []).map((c) => {
      const committee = deck.committees?.find((x) => x.id === c.committee);
      return {
        committee: committee?.name ?? c.committee,
        date: c.date ? formatDate(c.date, lang) : undefined,
        agendaItem: c.agendaItem,
        role: c.role ? consultationRole(c.role, lang) || undefined : undefined,
        result: c.result,
      };
    });
    return [{ data: { text: p?.decisionProposal?.text, reference: p?.reference, subject: p?.subject, kind, consultations }, title: s.title ?? kind }];
  },
  pptx: {
    draw(data, _ctx, c) {
      const ref = [data.reference, data.subject].filter(Boolean).join(' – ');
      const [head, body] = splitTop(c.area, ref ? 0.5 : 0, ref ? 0.15 : 0);
      if (ref) c.text(ref, head, { colour: 'muted', bold: true });
      c.shape('rect', { x: body.x, y: body.y, w: 0.08, h: body.h }, { fill: 'accent' });
      if (data.text) c.markdown(data.text, { x: body.x + 0.3, y: body.y, w: body.w - 0.3, h: body.h });
      else c.text(c.L.noData, { x: body.x + 0.3, y: body.y, w: body.w - 0.3, h: 0.6 }, { colour: 'muted' });
    },
  },
};
