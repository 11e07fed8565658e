/**
 * From the (audience-selected) deck to slide view models: one entry per slide that will be
 * shown, with selections applied, long tables continued on the next slide, and every number
 * and date already formatted. Templates only place these values; they compute nothing.
 */
import type {
  Activity,
  CategoryValue,
  LightValue,
  Network,
  Recommendation,
  Selection,
  Slide,
  ValidDeck,
} from '../model/schema.js';
import { budgetChart, statusChart, timelineChart, type Chart } from './charts.js';
import {
  formatDate,
  formatDateLong,
  formatMoney,
  formatMoneyDelta,
  formatNumber,
  formatPercent,
  formatTime,
} from './format.js';
import {
  CATEGORY_LABELS,
  DECISION_KIND_LABELS,
  LABELS,
  LIGHT_DEFAULT_TEXT,
  LIGHT_LABELS,
  PHASE_LABELS,
  RECOMMENDATION_LABELS,
  type Labels,
  type Lang,
} from './i18n.js';
import { countChanges, type Changes } from '../model/snapshot.js';

/** Rows per slide before a table continues on the next slide (1280×720 at the theme's sizes). */
export const ROWS_PER_SLIDE = {
  activities: 5,
  budget: 7,
  recommendations: 4,
  changes: 16,
  networks: 8,
  members: 6,
  agenda: 9,
} as const;

/**
 * Estimated text lines an activity slide can hold per column; beyond, it continues on a second
 * slide (fit.js and `ratsdeck check` catch what an estimate cannot).
 */
export const ACTIVITY_LINES = 17;

/** A rough line count of the fuller of an activity slide's two columns. */
function activityLines(a: Activity): number {
  const text = (s: string, perLine: number) => Math.max(1, Math.ceil(s.length / perLine));
  const desc = a.description ? text(a.description.slice(0, DESCRIPTION_LIMIT), 75) : 0;
  const facts = [a.responsible, a.partners?.length, a.start ?? a.end, a.progress, a.ozg].filter((x) => x !== undefined).length;
  const lists = [...(a.nextSteps ?? []), ...(a.risks ?? [])].reduce((n, x) => n + text(x, 70), 0);
  const main = 1 + desc + facts + lists + (a.nextSteps?.length ? 1.5 : 0) + (a.risks?.length ? 1.5 : 0);
  const side =
    (a.milestones ?? []).reduce((n, m) => n + text(m.title, 38), 0) +
    (a.milestones?.length ? 1.5 : 0) +
    (a.budget ? 2.5 + (a.budget.funding?.length ?? 0) * 1.5 : 0) +
    (a.kpis ?? []).reduce((n, k) => n + text(`${k.name} ${k.value} ${k.unit ?? ''} ${k.target ?? ''}`, 40), 0) +
    (a.kpis?.length ? 1.5 : 0) +
    (a.links?.length ? 1.5 + a.links.length : 0) +
    (a.image ? 6 : 0);
  return Math.max(main, side);
}

/** Characters of an activity description shown on its slide; the rest goes to the notes. */
export const DESCRIPTION_LIMIT = 420;

export interface StatusView {
  light: LightValue;
  colour: string;
  text: string;
  /** "Grün – im Plan": what a screen reader and a black-and-white print show. */
  full: string;
}

export interface SlideView {
  /** Partial name: the slide type. */
  type: string;
  /** Index of the slide entry in the deck's `slides:` list this came from. */
  source: number;
  title: string;
  /** 1-based number of this slide in the deck (after expansion). */
  number: number;
  /** The slide's `id:` (its anchor, index.html#/<id>), on the first slide it expands to. */
  anchor?: string;
  notes?: string;
  continued: boolean;
  illustrative: boolean;
  data: Record<string, unknown>;
}

export interface DeckView {
  id: string;
  lang: Lang;
  L: Labels;
  title: string;
  subtitle?: string;
  city?: string;
  logo?: { src: string; alt: string };
  committee?: string;
  committeeShort?: string;
  sessionDate?: string;
  sessionDateLong?: string;
  sessionTime?: string;
  location?: string;
  agendaItem?: string;
  paperReference?: string;
  paperType?: string;
  /** The session's recorded result, with vote counts when given. */
  result?: string;
  presenters: string[];
  nonpublic: boolean;
  /** Footer text: "HFA · 20.05.2021 · TOP Ö 5 · ST/0027/2021". */
  footer: string;
  total: number;
  colour?: string;
  hasIllustrative: boolean;
}

export interface ViewOptions {
  id: string;
  nonpublic: boolean;
  /** Changes since earlier sessions (for `changes` slides), by the deck id compared with. */
  changes?: Record<string, Changes>;
  /** The day the timeline marks as today (the session date unless given). */
  today?: string;
}

/** Splits a table's rows over as few slides as needed, balanced (7 rows at 5 per slide → 4 + 3). */
function chunk<T>(list: T[], size: number): T[][] {
  if (list.length === 0) return [[]];
  const pages = Math.ceil(list.length / size);
  const per = Math.ceil(list.length / pages);
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += per) out.push(list.slice(i, i + per));
  return out;
}

function asList<T>(v: T | T[] | undefined): T[] | undefined {
  return v === undefined ? undefined : Array.isArray(v) ? v : [v];
}

export function selectActivities(all: Activity[], sel: Selection | undefined): Activity[] {
  if (!sel) return all;
  let list = all;
  if (sel.ids) {
    const byId = new Map(all.map((a) => [a.id, a]));
    list = sel.ids.map((id) => byId.get(id)).filter((a): a is Activity => !!a);
  }
  const cats = asList(sel.category);
  if (cats) list = list.filter((a) => cats.includes(a.category as CategoryValue));
  const lights = asList(sel.status);
  if (lights) list = list.filter((a) => a.status && lights.includes(a.status.light));
  return list;
}

export function statusView(s: Activity['status'], lang: Lang): StatusView | undefined {
  if (!s) return undefined;
  const colour = LIGHT_LABELS[lang][s.light];
  const text = s.label ?? LIGHT_DEFAULT_TEXT[lang][s.light];
  return { light: s.light, colour, text, full: `${colour} – ${text}` };
}

function shorten(text: string, limit: number): { text: string; shortened: boolean } {
  if (text.length <= limit) return { text, shortened: false };
  // Cut at the last sentence end before the limit, else at a word boundary.
  const head = text.slice(0, limit);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentence > limit * 0.5) return { text: head.slice(0, sentence + 1), shortened: true };
  const space = head.lastIndexOf(' ');
  return { text: head.slice(0, space > 0 ? space : limit) + ' …', shortened: true };
}

function joinNotes(...parts: (string | undefined)[]): string | undefined {
  const p = parts.filter((x): x is string => !!x && x.trim() !== '');
  return p.length ? p.join('\n\n') : undefined;
}

export function buildDeckView(deck: ValidDeck, opts: ViewOptions): DeckView {
  const lang = (deck.lang ?? 'de') as Lang;
  const L = LABELS[lang];
  const committee = deck.session ? deck.committees?.find((c) => c.id === deck.session!.committee) : undefined;
  const view: DeckView = {
    id: opts.id,
    lang,
    L,
    title: deck.title,
    presenters: (deck.presenters ?? []).map((p) => [p.name, p.role, p.organization].filter(Boolean).join(', ')),
    nonpublic: opts.nonpublic,
    footer: '',
    total: 0,
    hasIllustrative: false,
  };
  if (deck.subtitle) view.subtitle = deck.subtitle;
  if (deck.body?.name) view.city = deck.body.name;
  if (deck.body?.logo) view.logo = { src: deck.body.logo.src, alt: deck.body.logo.alt };
  if (deck.body?.color) view.colour = deck.body.color;
  if (committee) {
    view.committee = committee.name;
    view.committeeShort = committee.shortName ?? committee.name;
  }
  const date = deck.session?.date ?? deck.date;
  if (date) {
    view.sessionDate = formatDate(date, lang);
    view.sessionDateLong = formatDateLong(date, lang);
  }
  if (deck.session?.time) view.sessionTime = formatTime(deck.session.time, lang);
  if (deck.session?.location) view.location = deck.session.location;
  if (deck.session?.agendaItem) view.agendaItem = deck.session.agendaItem;
  if (deck.session?.result) {
    const v = deck.session.votes;
    const counts = v
      ? [v.yes !== undefined ? `${v.yes} ${L.votesYes}` : '', v.no !== undefined ? `${v.no} ${L.votesNo}` : '', v.abstentions !== undefined ? `${v.abstentions} ${L.votesAbstentions}` : '', v.biased !== undefined ? `${v.biased} ${L.votesBiased}` : '']
          .filter(Boolean)
          .join(', ')
      : '';
    view.result = counts ? `${deck.session.result} (${counts})` : deck.session.result;
  }
  if (deck.paper) {
    view.paperReference = deck.paper.reference;
    if (deck.paper.paperType) view.paperType = deck.paper.paperType;
  }
  view.footer = [
    view.city,
    view.committeeShort,
    view.sessionDate,
    view.agendaItem ? `${L.agendaItem} ${view.agendaItem}` : undefined,
    view.paperReference,
  ]
    .filter(Boolean)
    .join(' · ');
  return view;
}

/** Expands the deck's slide list into the slides that will be shown. */
export async function buildSlides(deck: ValidDeck, dv: DeckView, opts: ViewOptions): Promise<SlideView[]> {
  const lang = dv.lang;
  const L = dv.L;
  const activities = deck.activities ?? [];
  const activityById = new Map(activities.map((a) => [a.id, a]));
  const out: Omit<SlideView, 'number'>[] = [];
  const today = opts.today ?? deck.session?.date ?? deck.date ?? '1970-01-01';

  const push = (
    s: Slide,
    source: number,
    data: Record<string, unknown>,
    extra: { title?: string; notes?: string | undefined; continued?: boolean; illustrative?: boolean } = {},
  ) => {
    const v: Omit<SlideView, 'number'> = {
      type: s.type,
      source,
      title: extra.title ?? s.title ?? '',
      continued: extra.continued ?? false,
      illustrative: extra.illustrative ?? false,
      data,
    };
    const notes = 'notes' in extra ? extra.notes : s.notes;
    if (notes) v.notes = notes;
    out.push(v);
  };

  const continuedTitle = (title: string, i: number) => (i === 0 ? title : `${title} (${L.continued})`);

  for (const [source, s] of deck.slides.entries()) {
    switch (s.type) {
      case 'title': {
        push(s, source, { subtitle: s.subtitle ?? deck.subtitle }, { title: s.title ?? deck.title });
        break;
      }
      case 'agenda': {
        const items: { title: string; agendaItem: string | undefined; nonpublic: boolean }[] =
          s.items?.map((it) => ({
            title: it.title,
            agendaItem: it.agendaItem,
            nonpublic: (it as { nonpublic?: boolean }).nonpublic === true || it.public === false,
          })) ??
          deck.slides
            .filter((x) => x.type === 'section')
            .map((x) => ({ title: x.title ?? '', agendaItem: undefined, nonpublic: false }));
        chunk(items, ROWS_PER_SLIDE.agenda).forEach((page, i) =>
          push(s, source, { items: page, start: items.indexOf(page[0]!) + 1, tops: items.some((it) => it.agendaItem) }, { title: continuedTitle(s.title ?? L.agenda, i), continued: i > 0, ...(i > 0 ? { notes: undefined } : {}) }),
        );
        break;
      }
      case 'section':
        push(s, source, { subtitle: s.subtitle });
        break;
      case 'text':
        push(s, source, { body: s.body, image: s.image });
        break;
      case 'activities': {
        const list = selectActivities(activities, s.select);
        const illustrative = list.some((a) => a.illustrative);
        const counts = statusCounts(list, lang);
        if (s.view === 'status') {
          const chart = await statusChart(counts.filter((c) => c.count > 0), { lang, title: s.title ?? L.statusDistribution });
          push(s, source, { chart, counts }, { title: s.title ?? L.statusDistribution, illustrative });
          break;
        }
        const rows = list.map((a) => ({
          id: a.id,
          title: a.title,
          category: CATEGORY_LABELS[lang][a.category],
          responsible: a.responsible,
          phase: a.phase ? PHASE_LABELS[lang][a.phase] : undefined,
          status: statusView(a.status, lang),
          progress: a.progress,
          progressText: a.progress === undefined ? undefined : formatPercent(a.progress, lang),
        }));
        chunk(rows, ROWS_PER_SLIDE.activities).forEach((page, i) =>
          push(
            s,
            source,
            { rows: page, counts: i === 0 ? counts.filter((c) => c.count > 0) : [] },
            { title: continuedTitle(s.title ?? L.activities, i), continued: i > 0, illustrative, ...(i > 0 ? { notes: undefined } : {}) },
          ),
        );
        break;
      }
      case 'activity': {
        for (const a of selectActivities(activities, s.select)) {
          const data = activityData(a, lang, L);
          const title = s.title && s.select?.ids?.length === 1 ? s.title : a.title;
          const extra = { illustrative: !!a.illustrative || !!a.budget?.illustrative };
          if (activityLines(a) <= ACTIVITY_LINES) {
            push(s, source, data, { title, ...extra, notes: activityNotes(a, s.notes, L) });
          } else {
            // Too much for one slide: next steps, risks and key figures continue on the next.
            push(s, source, { ...data, part: 1 }, { title, ...extra, notes: activityNotes(a, s.notes, L) });
            push(s, source, { ...data, part: 2 }, { title: `${title} (${L.continued})`, continued: true, ...extra, notes: undefined });
          }
        }
        break;
      }
      case 'networks': {
        let list: Network[] = deck.networks ?? [];
        if (s.select?.ids) {
          const byId = new Map(list.map((n) => [n.id, n]));
          list = s.select.ids.map((id) => byId.get(id)).filter((n): n is Network => !!n);
        }
        const cards = list.map((n) => ({
          name: n.name,
          kind: n.kind,
          role: n.role,
          since: n.since,
          description: n.description,
          url: n.url,
        }));
        chunk(cards, ROWS_PER_SLIDE.networks).forEach((page, i) =>
          push(s, source, { cards: page }, { title: continuedTitle(s.title ?? L.networks, i), continued: i > 0, ...(i > 0 ? { notes: undefined } : {}) }),
        );
        break;
      }
      case 'itbeirat': {
        const b = deck.itBeirat ?? {};
        const members = (b.members ?? []).map((m) => ({
          // A name needs consent to be published; a non-public build (confidential by law)
          // shows it. (The audience stage has removed it from public data already.)
          name: m.consent === true || opts.nonpublic ? m.name : undefined,
          affiliation: m.affiliation,
          role: m.role,
          since: m.since,
        }));
        const illustrative = (b.members ?? []).some((m) => m.illustrative);
        chunk(members, ROWS_PER_SLIDE.members).forEach((page, i) =>
          push(
            s,
            source,
            { mandate: i === 0 ? b.mandate : undefined, members: page, meetings: i === 0 ? (b.meetings ?? []).map((m) => ({ date: formatDate(m.date, lang), topics: m.topics ?? [] })) : [] },
            { title: continuedTitle(s.title ?? b.name ?? L.itbeirat, i), continued: i > 0, illustrative, ...(i > 0 ? { notes: undefined } : {}) },
          ),
        );
        break;
      }
      case 'recommendations': {
        let list: Recommendation[] = deck.itBeirat?.recommendations ?? [];
        if (s.select?.ids) {
          const byId = new Map(list.map((r) => [r.id, r]));
          list = s.select.ids.map((id) => byId.get(id)).filter((r): r is Recommendation => !!r);
        }
        const st = asList(s.select?.status);
        if (st) list = list.filter((r) => st.includes(r.status));
        const rows = list.map((r) => ({
          id: r.id,
          title: r.title,
          text: r.text,
          date: formatDate(r.date, lang),
          status: r.status,
          statusText: RECOMMENDATION_LABELS[lang][r.status],
          statusDate: r.statusDate ? formatDate(r.statusDate, lang) : undefined,
          response: r.response,
          activities: (r.activities ?? []).map((id) => activityById.get(id)?.title).filter(Boolean),
        }));
        const illustrative = list.some((r) => r.illustrative);
        chunk(rows, ROWS_PER_SLIDE.recommendations).forEach((page, i) =>
          push(s, source, { rows: page }, { title: continuedTitle(s.title ?? L.recommendations, i), continued: i > 0, illustrative, ...(i > 0 ? { notes: undefined } : {}) }),
        );
        break;
      }
      case 'timeline': {
        const list = selectActivities(activities, s.select);
        const items = list.map((a) => ({
          label: a.title,
          ...(a.start ? { start: a.start } : {}),
          ...(a.end ? { end: a.end } : {}),
          milestones: (a.milestones ?? []).map((m) => ({ title: m.title, due: m.due, ...(m.done !== undefined ? { done: m.done } : {}) })),
        }));
        const chart = await timelineChart(items, {
          lang,
          title: s.title ?? L.timeline,
          today,
          ...(s.from ? { from: s.from } : {}),
          ...(s.to ? { to: s.to } : {}),
        });
        const table = list.map((a) => ({
          title: a.title,
          period: [a.start && formatDate(a.start, lang), a.end && formatDate(a.end, lang)].filter(Boolean).join(' – '),
          milestones: (a.milestones ?? []).map((m) => `${formatDate(m.due, lang)}: ${m.title} (${m.done ? L.done : L.open})`),
        }));
        push(s, source, { chart, table }, { title: s.title ?? L.timeline, illustrative: list.some((a) => a.illustrative) });
        break;
      }
      case 'budget': {
        const list = selectActivities(activities, s.select).filter(
          (a) => a.budget && (s.year === undefined || a.budget.year === s.year),
        );
        const rows = list.map((a) => {
          const b = a.budget!;
          return {
            title: a.title,
            year: b.year,
            plan: b.plan === undefined ? '–' : formatMoney(b.plan, lang),
            actual: b.actual === undefined ? '–' : formatMoney(b.actual, lang),
            deviation: b.plan !== undefined && b.actual !== undefined ? formatMoneyDelta(b.actual - b.plan, lang) : '–',
            funding: (b.funding ?? [])
              .map((f) =>
                [f.programme, f.rate !== undefined ? formatPercent(f.rate, lang) : undefined, f.amount !== undefined ? formatMoney(f.amount, lang) : undefined]
                  .filter(Boolean)
                  .join(', '),
              )
              .join('; '),
          };
        });
        const planSum = list.reduce((n, a) => n + (a.budget?.plan ?? 0), 0);
        const actualSum = list.reduce((n, a) => n + (a.budget?.actual ?? 0), 0);
        const totals = {
          plan: formatMoney(planSum, lang),
          actual: formatMoney(actualSum, lang),
          deviation: formatMoneyDelta(actualSum - planSum, lang),
          share: planSum > 0 ? formatPercent((actualSum / planSum) * 100, lang) : undefined,
        };
        const chart = await budgetChart(
          list.map((a) => ({
            label: a.title,
            ...(a.budget?.plan !== undefined ? { plan: a.budget.plan } : {}),
            ...(a.budget?.actual !== undefined ? { actual: a.budget.actual } : {}),
          })),
          { lang, title: s.title ?? L.budget },
        );
        const illustrative = list.some((a) => a.illustrative || a.budget?.illustrative);
        const title = s.title ?? L.budget;
        push(s, source, { chart, totals, year: s.year }, { title, illustrative });
        const pages = chunk(rows, ROWS_PER_SLIDE.budget);
        pages.forEach((page) =>
          push(s, source, { rows: page, totals: page === pages[pages.length - 1] ? totals : undefined, table: true }, { title: `${title} (${L.continued})`, continued: true, illustrative, notes: undefined }),
        );
        break;
      }
      case 'decision': {
        const p = deck.paper;
        const kind = p?.decisionProposal?.kind ?? 'Beschlussvorschlag';
        push(
          s,
          source,
          { text: p?.decisionProposal?.text, reference: p?.reference, subject: p?.subject, kind: DECISION_KIND_LABELS[lang][kind] },
          { title: s.title ?? DECISION_KIND_LABELS[lang][kind] },
        );
        break;
      }
      case 'changes': {
        const c = opts.changes?.[s.since ?? deck.predecessor ?? ''];
        const groups = c ? changeGroups(c, lang, L, activityById) : [];
        // Continue on the next slide by lines (a group heading counts as a line).
        const pages: { heading: string; items: string[] }[][] = [[]];
        let lines = 0;
        for (const g of groups) {
          let rest = g.items;
          while (rest.length) {
            const room = ROWS_PER_SLIDE.changes - lines - 1;
            const fitsNext = rest.length + 1 <= ROWS_PER_SLIDE.changes;
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
        const since = c
          ? [L.sinceSession, c.since.committee ? deck.committees?.find((x) => x.id === c.since.committee)?.shortName ?? c.since.committee : undefined, c.since.date ? formatDate(c.since.date, lang) : undefined]
              .filter(Boolean)
              .join(' ')
          : undefined;
        const title = s.title ?? L.changes;
        pages.forEach((page, i) =>
          push(
            s,
            source,
            { groups: page, since, none: i === 0 && c !== undefined && countChanges(c) === 0 },
            { title: continuedTitle(title, i), continued: i > 0, illustrative: activities.some((a) => a.illustrative), ...(i > 0 ? { notes: undefined } : {}) },
          ),
        );
        break;
      }
      case 'closing':
        push(s, source, { text: s.text, contact: s.contact, sub: L.closingSub }, { title: s.title ?? L.closing });
        break;
    }
  }

  const total = out.length;
  const anchored = new Set<number>();
  return out.map((v, i) => {
    const id = deck.slides[v.source]?.id;
    const anchor = id && !anchored.has(v.source) ? id : undefined;
    if (anchor) anchored.add(v.source);
    return { ...v, number: i + 1, ...(anchor ? { anchor } : {}), data: { ...v.data, total } };
  });
}

function changeGroups(c: Changes, lang: Lang, L: Labels, byId: Map<string, Activity>): { heading: string; items: string[] }[] {
  const st = (x: Activity['status']) => (x ? statusView(x, lang)!.full : '–');
  const ph = (x?: string) => (x ? PHASE_LABELS[lang][x as keyof (typeof PHASE_LABELS)['de']] ?? x : '–');
  const pct = (x?: number) => (x === undefined ? '–' : formatPercent(x, lang));
  const money = (x?: number) => (x === undefined ? '–' : formatMoney(x, lang));
  const delta = (a?: number, b?: number) => (a !== undefined && b !== undefined ? ` (${formatMoneyDelta(b - a, lang)})` : '');
  const rec = (x: keyof (typeof RECOMMENDATION_LABELS)['de']) => RECOMMENDATION_LABELS[lang][x];
  const title = (n: { id: string; title: string }) => byId.get(n.id)?.title ?? n.title;
  const groups: { heading: string; items: string[] }[] = [
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

function statusCounts(list: Activity[], lang: Lang): { light: LightValue; label: string; count: number }[] {
  const order: LightValue[] = ['green', 'yellow', 'red', 'grey'];
  return order.map((light) => ({
    light,
    label: `${LIGHT_LABELS[lang][light]} – ${LIGHT_DEFAULT_TEXT[lang][light]}`,
    count: list.filter((a) => (a.status?.light ?? 'grey') === light).length,
  }));
}

function activityData(a: Activity, lang: Lang, L: Labels): Record<string, unknown> {
  const desc = a.description ? shorten(a.description, DESCRIPTION_LIMIT) : undefined;
  const b = a.budget;
  return {
    id: a.id,
    category: CATEGORY_LABELS[lang][a.category],
    description: desc?.text,
    shortened: desc?.shortened ?? false,
    responsible: a.responsible,
    partners: a.partners?.join(', '),
    phase: a.phase ? PHASE_LABELS[lang][a.phase] : undefined,
    status: statusView(a.status, lang),
    progress: a.progress,
    progressText: a.progress === undefined ? undefined : formatPercent(a.progress, lang),
    period: [a.start && formatDate(a.start, lang), a.end && formatDate(a.end, lang)].filter(Boolean).join(' – ') || undefined,
    milestones: (a.milestones ?? []).map((m) => ({ title: m.title, due: formatDate(m.due, lang), done: !!m.done, state: m.done ? L.done : L.open })),
    budget: b
      ? {
          year: b.year,
          plan: b.plan === undefined ? undefined : formatMoney(b.plan, lang),
          actual: b.actual === undefined ? undefined : formatMoney(b.actual, lang),
          funding: (b.funding ?? []).map((f) =>
            [f.programme, f.rate !== undefined ? formatPercent(f.rate, lang) : undefined, f.amount !== undefined ? formatMoney(f.amount, lang) : undefined]
              .filter(Boolean)
              .join(', '),
          ),
        }
      : undefined,
    kpis: (a.kpis ?? []).map((k) => ({
      name: k.name,
      value: `${formatNumber(k.value, lang)}${k.unit ? `\u00a0${k.unit}` : ''}`,
      target: k.target === undefined ? undefined : `${formatNumber(k.target, lang)}${k.unit ? `\u00a0${k.unit}` : ''}`,
      asOf: k.asOf ? formatDate(k.asOf, lang) : undefined,
    })),
    ozg: a.ozg
      ? {
          leikaKey: a.ozg.leikaKey,
          maturity: a.ozg.maturity ? `${a.ozg.maturity.level} (${L.maturityModel} ${a.ozg.maturity.model})` : undefined,
          efa: a.ozg.efa,
        }
      : undefined,
    nextSteps: a.nextSteps ?? [],
    risks: a.risks ?? [],
    links: a.links ?? [],
    image: a.image,
  };
}

function activityNotes(a: Activity, notes: string | undefined, L: Labels): string | undefined {
  const desc = a.description && shorten(a.description, DESCRIPTION_LIMIT).shortened ? `**${L.notesFull}:** ${a.description}` : undefined;
  return joinNotes(notes, desc);
}

export type { Chart };
