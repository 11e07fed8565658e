/** The proposed resolution, word for word, from the paper. */
import { z } from 'zod';
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
    return [{ data: { text: p?.decisionProposal?.text, reference: p?.reference, subject: p?.subject, kind }, title: s.title ?? kind }];
  },
};
