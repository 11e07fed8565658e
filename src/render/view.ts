/**
 * From the (audience-selected) deck to view models: the deck's own (title, footer, session) and,
 * through each slide type's module (src/slides/), one entry per slide that will be shown, with
 * selections applied, long tables continued on the next slide, and every number and date
 * already formatted. Templates only place these values; they compute nothing.
 */
import type { ValidDeck } from '../model/schema.js';
import type { Changes } from '../model/snapshot.js';
import { slideModule } from '../slides/index.js';
import type { SlidePage, ViewContext } from '../slides/types.js';
import { formatDate, formatDateLong, formatTime } from './format.js';
import { LABELS, type Labels, type Lang } from './i18n.js';

export type { Chart } from './charts.js';
export type { StatusView } from '../slides/common.js';

export interface SlideView<D = unknown> {
  /** Partial name: the slide type. */
  type: string;
  /**
   * Index of the slide entry in the deck file's `slides:` list this came from (also when a
   * public build left out non-public slides before it): what `data-rd-source` says to check.
   */
  source: number;
  title: string;
  /** 1-based number of this slide in the deck (after expansion). */
  number: number;
  /** The slide's `id:` (its anchor, index.html#/<id>), on the first slide it expands to. */
  anchor?: string;
  notes?: string;
  continued: boolean;
  illustrative: boolean;
  /** `data-rd-item`: the id of the item the slide shows (an activity). */
  item: string | undefined;
  /** The slide module's view data, plus the number of slides in the deck. */
  data: D & { total: number };
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
  /** For each slide of `deck`, its index in the deck file's `slides:` (default: the same). */
  sources?: number[];
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
  const activities = deck.activities ?? [];
  const ctx: ViewContext = {
    deck,
    dv,
    lang: dv.lang,
    L: dv.L,
    nonpublic: opts.nonpublic,
    changes: opts.changes,
    today: opts.today ?? deck.session?.date ?? deck.date ?? '1970-01-01',
    activities,
    activityById: new Map(activities.map((a) => [a.id, a])),
    outline: [],
  };
  // Two passes: the agenda lists what the other entries show, so its view runs after theirs.
  const pages = new Map<number, SlidePage<unknown>[]>();
  const late: number[] = [];
  for (const [source, s] of deck.slides.entries()) {
    const m = slideModule(s.type);
    if (!m) throw new Error(`no module for slide type "${s.type}"`);
    if (m.outline) late.push(source);
    else pages.set(source, await m.view(s, ctx));
  }
  if (late.length) {
    ctx.outline = [...pages].map(([source, list]) => ({
      source,
      type: deck.slides[source]!.type,
      title: list[0]?.title ?? '',
      ownTitle: deck.slides[source]!.title,
      items: list.filter((p) => !p.continued).length,
    }));
    ctx.outline.sort((a, b) => a.source - b.source);
    for (const source of late) pages.set(source, await slideModule(deck.slides[source]!.type)!.view(deck.slides[source]!, ctx));
  }
  const out: Omit<SlideView, 'number' | 'data'>[] = [];
  const data: unknown[] = [];
  for (const [source, s] of deck.slides.entries()) {
    for (const page of pages.get(source)!) {
      const v: Omit<SlideView, 'number' | 'data'> = {
        type: s.type,
        source,
        title: page.title,
        continued: page.continued ?? false,
        illustrative: page.illustrative ?? false,
        item: page.item,
      };
      const notes = 'notes' in page ? page.notes : s.notes;
      if (notes) v.notes = notes;
      out.push(v);
      data.push(page.data);
    }
  }

  const total = out.length;
  const anchored = new Set<number>();
  return out.map((v, i) => {
    const id = deck.slides[v.source]?.id;
    const anchor = id && !anchored.has(v.source) ? id : undefined;
    if (anchor) anchored.add(v.source);
    return { ...v, source: opts.sources?.[v.source] ?? v.source, number: i + 1, ...(anchor ? { anchor } : {}), data: { ...(data[i] as object), total } };
  });
}
