/**
 * Audience selection: public vs. non-public (GemO RLP §§ 20, 35, 41; see DOMAIN.md).
 *
 * Filtering happens here, on the data, before anything is rendered: a public build never
 * sees a `public: false` node, so nothing of it can reach slide text, notes, alt text, chart
 * data, PDF metadata or file names. Pure functions on the model.
 */
import type {
  Activity,
  ItBeirat,
  Member,
  Paper,
  Slide,
  ValidDeck,
} from '../model/schema.js';
import { NameRules } from './names.js';

export type Audience = 'public' | 'nonpublic';

/** Ids of items a public build left out (stderr may name them; never their content). */
export interface SelectionReport {
  removed: { kind: string; id?: string }[];
  /**
   * For each slide kept, its index in the deck's `slides:` (absent: all kept), so that what a
   * slide shows still points at its YAML after non-public slides before it were removed.
   */
  slides?: number[];
}

function isPublic(x: { public?: boolean | undefined }): boolean {
  return x.public !== false;
}

function keepPublic<T extends { public?: boolean | undefined }>(
  list: T[] | undefined,
  kind: string,
  report: SelectionReport,
  idOf: (x: T) => string | undefined = (x) => (x as { id?: string }).id,
): T[] | undefined {
  if (!list) return list;
  const kept: T[] = [];
  for (const item of list) {
    if (isPublic(item)) kept.push(item);
    else {
      const id = idOf(item);
      report.removed.push(id === undefined ? { kind } : { kind, id });
    }
  }
  return kept;
}

function publicActivity(a: Activity, report: SelectionReport): Activity {
  const out: Activity = { ...a };
  if (a.milestones) out.milestones = keepPublic(a.milestones, `milestone of ${a.id}`, report, () => undefined)!;
  if (a.kpis) out.kpis = keepPublic(a.kpis, `KPI of ${a.id}`, report, () => undefined)!;
  return out;
}

/** A member without consent appears by affiliation only (personal data, DSGVO). */
export function anonymiseMember(m: Member): Member {
  if (m.consent === true) return m;
  const { name: _name, ...rest } = m;
  return rest;
}

function publicItBeirat(b: ItBeirat, report: SelectionReport, names: NameRules): ItBeirat {
  const out: ItBeirat = { ...b };
  if (b.members) {
    out.members = keepPublic(b.members, 'IT-Beirat member', report)!.map((m) => {
      const a = anonymiseMember(m);
      // Another entry of the same name without consent (or non-public) withholds it too.
      if (a.name === undefined || names.mayShow(a.name)) return a;
      const { name: _name, ...rest } = a;
      return rest;
    });
  }
  if (b.meetings) out.meetings = keepPublic(b.meetings, 'IT-Beirat meeting', report, () => undefined)!;
  if (b.recommendations) out.recommendations = keepPublic(b.recommendations, 'recommendation', report)!;
  return out;
}

function publicPaper(p: Paper, report: SelectionReport): Paper {
  const out: Paper = { ...p };
  if (p.consultations) out.consultations = keepPublic(p.consultations, 'consultation', report, () => undefined)!;
  return out;
}

/** A public agenda entry for a non-public item keeps only its number ("N 2 – nichtöffentlich"). */
function publicSlide(s: Slide): Slide {
  if (s.type === 'agenda' && s.items) {
    return {
      ...s,
      items: s.items.map((it) =>
        isPublic(it) ? it : { title: '', nonpublic: true, ...(it.agendaItem ? { agendaItem: it.agendaItem } : {}) },
      ) as typeof s.items,
    };
  }
  return s;
}

/**
 * Returns the deck as the given audience may see it. For `nonpublic`, everything stays
 * (member names still need consent to be shown anywhere outside the administration, so
 * they are kept only in non-public builds, which are confidential by definition).
 * `names` says whose names may be shown (today's consent; default: the deck's own members).
 */
export function selectAudience(deck: ValidDeck, audience: Audience, names?: NameRules): { deck: ValidDeck; report: SelectionReport } {
  const report: SelectionReport = { removed: [] };
  if (audience === 'nonpublic') return { deck, report };
  const out: ValidDeck = { ...deck };
  if (deck.activities) out.activities = keepPublic(deck.activities, 'activity', report)!.map((a) => publicActivity(a, report));
  if (deck.networks) out.networks = keepPublic(deck.networks, 'network', report);
  if (deck.itBeirat) out.itBeirat = publicItBeirat(deck.itBeirat, report, names ?? new NameRules(deck.itBeirat.members ?? []));
  // A public recommendation may concern a non-public activity: not even its id stays.
  const kept = new Set((out.activities ?? []).map((a) => a.id));
  if (out.itBeirat?.recommendations) {
    out.itBeirat = {
      ...out.itBeirat,
      recommendations: out.itBeirat.recommendations.map((r) =>
        r.activities ? { ...r, activities: r.activities.filter((id) => kept.has(id)) } : r,
      ),
    };
  }
  if (deck.paper) out.paper = publicPaper(deck.paper, report);
  out.slides = keepPublic(deck.slides, 'slide', report)!.map(publicSlide);
  report.slides = deck.slides.flatMap((s, i) => (isPublic(s) ? [i] : []));
  return { deck: out, report };
}

/** Whether the deck as a whole belongs to a non-public session (it is then never built publicly). */
export function isNonpublicDeck(deck: ValidDeck): boolean {
  return deck.session?.public === false;
}

/**
 * The project's own `_data` files (passed to custom templates as `data.*`) follow the same
 * rule: for a public audience every mapping marked `public: false`, at any depth, is removed.
 */
export function selectData(value: unknown, audience: Audience): unknown {
  if (audience === 'nonpublic') return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.filter((x) => !isHidden(x)).map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (!isHidden(x)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value);
}

function isHidden(v: unknown): boolean {
  return !!v && typeof v === 'object' && !Array.isArray(v) && (v as { public?: unknown }).public === false;
}
