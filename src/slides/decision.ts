/** The proposed resolution, word for word, from the paper, and its Gremienweg (Beratungsfolge). */
import { z } from 'zod';
import { consultationRole, formatDate } from '../render/format.js';
import { DECISION_KIND_LABELS } from '../render/i18n.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

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
};
