/** The IT-Beirat's recommendations with their state and the administration's response. */
import { z } from '../model/zod.js';
import type { RecommendationStatus, ValidDeck } from '../model/schema.js';
import { formatDate } from '../render/format.js';
import { RECOMMENDATION_LABELS } from '../render/i18n.js';
import { asList, byIds, paginate, selectedIds } from './common.js';
import { common, RecommendationSelection } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z
  .strictObject({ type: z.literal('recommendations'), ...common, select: RecommendationSelection.optional() })
  .describe('Empfehlungen des IT-Beirats');

/** Recommendations per slide. */
export const ROWS_PER_SLIDE = 4;

export interface RecommendationRow {
  id: string;
  title: string;
  text: string | undefined;
  date: string;
  status: RecommendationStatus;
  statusText: string;
  statusDate: string | undefined;
  response: string | undefined;
  /** Titles of the activities it concerns. */
  activities: string[];
}

export interface RecommendationsData {
  rows: RecommendationRow[];
}

/** The recommendations the slide shows, in the order of its ids. */
function selected(s: z.infer<typeof schema>, deck: ValidDeck) {
  const list = byIds(deck.itBeirat?.recommendations ?? [], s.select?.ids);
  const st = asList(s.select?.status);
  return st ? list.filter((r) => st.includes(r.status)) : list;
}

export const slide: SlideModule<z.infer<typeof schema>, RecommendationsData> = {
  type: 'recommendations',
  schema,
  references: (s) => selectedIds(s, 'recommendation'),
  empty(s, deck) {
    if (selected(s, deck).length) return undefined;
    return deck.itBeirat?.recommendations?.length
      ? { message: 'its select matches no recommendation, so the slide shows only "no entries"', hint: 'check select: (ids, status) against itBeirat.recommendations in _data/itBeirat.yaml, or remove the slide' }
      : { message: 'the IT-Beirat has no recommendations in the data, so the slide shows only "no entries"', hint: 'add recommendations: to _data/itBeirat.yaml, or remove the slide' };
  },
  view(s, { deck, lang, L, activityById }) {
    const list = selected(s, deck);
    const rows = list.map((r) => ({
      id: r.id,
      title: r.title,
      text: r.text,
      date: formatDate(r.date, lang),
      status: r.status,
      statusText: RECOMMENDATION_LABELS[lang][r.status],
      statusDate: r.statusDate ? formatDate(r.statusDate, lang) : undefined,
      response: r.response,
      activities: (r.activities ?? []).map((id) => activityById.get(id)?.title).filter((t): t is string => !!t),
    }));
    const illustrative = list.some((r) => r.illustrative);
    return paginate(rows, ROWS_PER_SLIDE, { title: s.title ?? L.recommendations, L, illustrative }, (page) => ({ rows: page }));
  },
  pptx: {
    draw(data, _ctx, c) {
      const L = c.L;
      c.table(
        {
          header: [{ text: L.title }, { text: L.date }, { text: L.status }, { text: L.response }],
          rows: data.rows.length
            ? data.rows.map((r) => [
                { text: [r.title, r.text ? c.plain(r.text) : '', r.activities.length ? `${L.relatedActivities}: ${r.activities.join(', ')}` : ''].filter(Boolean).join('\n'), bold: false },
                { text: r.date },
                { text: r.statusText + (r.statusDate ? `\n${L.asOf} ${r.statusDate}` : '') },
                { text: r.response ? c.plain(r.response) : '' },
              ])
            : [[{ text: L.noData }, { text: '' }, { text: '' }, { text: '' }]],
          colW: [4.3, 1.4, 2.0, 4.43],
          size: 13,
        },
        c.area,
      );
    },
  },
};
