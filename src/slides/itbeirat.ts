/** The IT-Beirat: its mandate, members (names only with consent) and meetings. */
import { z } from '../model/zod.js';
import { formatDate } from '../render/format.js';
import { paginate } from './common.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';
import { columns } from '../pptx/canvas.js';
import { listParas } from './common.js';

export const schema = z.strictObject({ type: z.literal('itbeirat'), ...common }).describe('IT-Beirat: Auftrag und Mitglieder');

/** Members per slide. */
export const ROWS_PER_SLIDE = 6;

export interface MemberView {
  name: string | undefined;
  affiliation: string;
  role: string | undefined;
  since: number | undefined;
}

export interface ItBeiratData {
  /** On the first slide only. */
  mandate: string | undefined;
  members: MemberView[];
  /** On the first slide only. */
  meetings: { date: string; topics: string[] }[];
}

export const slide: SlideModule<z.infer<typeof schema>, ItBeiratData> = {
  type: 'itbeirat',
  schema,
  empty(_s, deck) {
    const b = deck.itBeirat;
    if (b?.mandate || b?.members?.length || b?.meetings?.length) return undefined;
    return { message: 'there is no IT-Beirat in the data (no mandate, members or meetings), so the slide shows only "no entries"', hint: 'fill in _data/itBeirat.yaml, or remove the slide' };
  },
  view(s, { deck, lang, L, nonpublic }) {
    const b = deck.itBeirat ?? {};
    const members = (b.members ?? []).map((m) => ({
      // A name needs consent to be published; a non-public build (confidential by law)
      // shows it. (The audience stage has removed it from public data already.)
      name: m.consent === true || nonpublic ? m.name : undefined,
      affiliation: m.affiliation,
      role: m.role,
      since: m.since,
    }));
    const illustrative = (b.members ?? []).some((m) => m.illustrative);
    return paginate(members, ROWS_PER_SLIDE, { title: s.title ?? b.name ?? L.itbeirat, L, illustrative }, (page, i) => ({
      mandate: i === 0 ? b.mandate : undefined,
      members: page,
      meetings: i === 0 ? (b.meetings ?? []).map((m) => ({ date: formatDate(m.date, lang), topics: m.topics ?? [] })) : [],
    }));
  },
  pptx: {
    draw(data, _ctx, c) {
      const members = data.members.length
        ? data.members.map((m) => [m.name, m.affiliation].filter(Boolean).join(', ') + (m.role ? ` (${m.role})` : ''))
        : [c.L.noData];
      const right = [...listParas(c.L.members, members, true), ...listParas(c.L.meetings, data.meetings.map((m) => (m.topics.length ? `${m.date}: ${m.topics.join(', ')}` : m.date)))];
      if (!data.mandate) return c.text(right, c.area, { size: 17 });
      const [left, rightBox] = columns(c.area, [1, 1]);
      c.text([{ runs: [{ text: c.L.mandate, bold: true }] }], { ...left!, h: 0.45 }, { size: 17 });
      c.markdown(data.mandate, { ...left!, y: left!.y + 0.5, h: left!.h - 0.5 }, { size: 17 });
      c.text(right, rightBox!, { size: 17 });
    },
  },
};
