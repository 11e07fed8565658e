/** What changed since the session the deck compares with (its frozen snapshot, `ratsdeck freeze`). */
import { z } from '../model/zod.js';
import { Id } from '../model/entities.js';
import type { Activity } from '../model/schema.js';
import { countChanges, type Changes } from '../model/snapshot.js';
import { formatDate, formatMoney, formatMoneyDelta, formatPercent } from '../render/format.js';
import { PHASE_LABELS, RECOMMENDATION_LABELS, type Labels, type Lang } from '../render/i18n.js';
import { paginate, statusView } from './common.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';

export const schema = z
  .strictObject({
    type: z.literal('changes'),
    ...common,
    since: Id.optional().describe('Foliensatz, mit dessen eingefrorenem Stand verglichen wird (Standard: predecessor)'),
  })
  .describe('Änderungen seit der letzten Sitzung (braucht _sessions/<predecessor>.json, siehe ratsdeck freeze)');

/** Lines per slide (a group heading counts as a line). */
export const ROWS_PER_SLIDE = 16;

export interface ChangeGroup {
  heading: string;
  items: string[];
}

export interface ChangesData {
  groups: ChangeGroup[];
  /** "Vergleich mit der Sitzung HFA 11.02.2021". */
  since: string | undefined;
  /** The comparison found nothing (shown on the first slide). */
  none: boolean;
}

export const slide: SlideModule<z.infer<typeof schema>, ChangesData> = {
  type: 'changes',
  schema,
  snapshot: (s, deck) => ({ deck: s.since ?? deck.predecessor, path: s.since ? ['since'] : [] }),
  view(s, { deck, lang, L, changes, activities, activityById }) {
    const c = changes?.[s.since ?? deck.predecessor ?? ''];
    const since = c
      ? [L.sinceSession, c.since.committee ? deck.committees?.find((x) => x.id === c.since.committee)?.shortName ?? c.since.committee : undefined, c.since.date ? formatDate(c.since.date, lang) : undefined]
          .filter(Boolean)
          .join(' ')
      : undefined;
    const pages = byLines(c ? changeGroups(c, lang, L, activityById) : []);
    const illustrative = activities.some((a) => a.illustrative);
    return paginate({ pages }, ROWS_PER_SLIDE, { title: s.title ?? L.changes, L, illustrative }, (page, i) => ({
      groups: page,
      since,
      none: i === 0 && c !== undefined && countChanges(c) === 0,
    }));
  },
  pptx: {
    draw(data, _ctx, c) {
      const paras = [
        ...(data.since ? [{ runs: [{ text: data.since, colour: 'muted' as const }] }] : []),
        ...(data.none ? [{ runs: [{ text: c.L.noChanges }], spaceBefore: 10 }] : []),
        ...data.groups.flatMap((g) => [
          { runs: [{ text: g.heading, bold: true }], spaceBefore: 10 },
          ...g.items.map((t) => ({ runs: [{ text: t }], list: 'bullet' as const })),
        ]),
      ];
      c.text(paras.length ? paras : [{ runs: [{ text: c.L.noData }] }], c.area, { size: 17 });
    },
  },
};

/** Continues on the next slide by lines; a group is not split when it fits whole on the next. */
function byLines(groups: ChangeGroup[]): ChangeGroup[][] {
  const pages: ChangeGroup[][] = [[]];
  let lines = 0;
  for (const g of groups) {
    let rest = g.items;
    while (rest.length) {
      const room = ROWS_PER_SLIDE - lines - 1;
      const fitsNext = rest.length + 1 <= ROWS_PER_SLIDE;
      if (room <= 0 || (room < rest.length && fitsNext && lines > 0)) {
        pages.push([]);
        lines = 0;
        continue;
      }
      const part = rest.slice(0, room);
      pages[pages.length - 1]!.push({ heading: g.heading, items: part });
      lines += part.length + 1;
      rest = rest.slice(room);
    }
  }
  return pages;
}

function changeGroups(c: Changes, lang: Lang, L: Labels, byId: Map<string, Activity>): ChangeGroup[] {
  const st = (x: Activity['status']) => (x ? statusView(x, lang)!.full : '–');
  const ph = (x?: string) => (x ? PHASE_LABELS[lang][x as keyof (typeof PHASE_LABELS)['de']] ?? x : '–');
  const pct = (x?: number) => (x === undefined ? '–' : formatPercent(x, lang));
  const money = (x?: number) => (x === undefined ? '–' : formatMoney(x, lang));
  const delta = (a?: number, b?: number) => (a !== undefined && b !== undefined ? ` (${formatMoneyDelta(b - a, lang)})` : '');
  const rec = (x: keyof (typeof RECOMMENDATION_LABELS)['de']) => RECOMMENDATION_LABELS[lang][x];
  const title = (n: { id: string; title: string }) => byId.get(n.id)?.title ?? n.title;
  const groups: ChangeGroup[] = [
    { heading: L.changesAdded, items: c.added.map(title) },
    { heading: L.changesRemoved, items: c.removed.map((n) => n.title) },
    { heading: L.changesStatus, items: c.status.map((x) => `${title(x)}: ${st(x.from)} → ${st(x.to)}`) },
    { heading: L.changesPhase, items: c.phase.map((x) => `${title(x)}: ${ph(x.from)} → ${ph(x.to)}`) },
    { heading: L.changesProgress, items: c.progress.map((x) => `${title(x)}: ${pct(x.from)} → ${pct(x.to)}`) },
    { heading: L.changesReached, items: c.milestonesReached.map((x) => `${title(x)}: ${x.milestone} (${formatDate(x.due, lang)})`) },
    { heading: L.changesMoved, items: c.milestonesMoved.map((x) => `${title(x)}: ${x.milestone}, ${formatDate(x.from, lang)} → ${formatDate(x.to, lang)}`) },
    { heading: L.changesNewMilestones, items: c.milestonesAdded.map((x) => `${title(x)}: ${x.milestone} (${formatDate(x.due, lang)})`) },
    {
      heading: L.changesBudget,
      items: c.budget.map((x) => {
        const parts: string[] = [];
        if (x.planFrom !== x.planTo) parts.push(`${L.plan} ${money(x.planFrom)} → ${money(x.planTo)}${delta(x.planFrom, x.planTo)}`);
        if (x.actualFrom !== x.actualTo) parts.push(`${L.actual} ${money(x.actualFrom)} → ${money(x.actualTo)}${delta(x.actualFrom, x.actualTo)}`);
        return `${title(x)}: ${parts.join('; ')}`;
      }),
    },
    { heading: L.changesNewRecommendations, items: c.recommendationsAdded.map((r) => `${r.title} (${rec(r.status)})`) },
    { heading: L.changesRecommendationStatus, items: c.recommendationsStatus.map((r) => `${r.title}: ${rec(r.from)} → ${rec(r.to)}`) },
  ];
  return groups.filter((g) => g.items.length > 0);
}
