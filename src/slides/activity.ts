/** One slide per selected activity (a second one when its facts do not fit on one). */
import { z } from '../model/zod.js';
import type { Activity, Image } from '../model/schema.js';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../render/format.js';
import { CATEGORY_LABELS, PHASE_LABELS, type Labels, type Lang } from '../render/i18n.js';
import { fundingText } from './budget.js';
import { noActivitiesReason, selectActivities, selectedIds, statusView, type StatusView } from './common.js';
import { common, Selection } from './fields.js';
import type { SlideModule } from './types.js';
import { columns, type Para } from '../pptx/canvas.js';
import { factParas, listParas } from './common.js';

export const schema = z
  .strictObject({ type: z.literal('activity'), ...common, select: Selection.optional() })
  .describe('Eine Folie je ausgewählter Aktivität');

/** Characters of an activity description shown on its slide; the rest goes to the notes. */
export const DESCRIPTION_LIMIT = 420;

/**
 * Estimated text lines an activity slide can hold per column; beyond, it continues on a second
 * slide (fit.js and `ratsdeck check` catch what an estimate cannot).
 */
export const ACTIVITY_LINES = 17;

export interface ActivityData {
  id: string;
  category: string;
  description: string | undefined;
  shortened: boolean;
  responsible: string | undefined;
  partners: string | undefined;
  phase: string | undefined;
  status: StatusView | undefined;
  progress: number | undefined;
  progressText: string | undefined;
  period: string | undefined;
  milestones: { title: string; due: string; done: boolean; state: string }[];
  budget: { year: number | undefined; plan: string | undefined; actual: string | undefined; funding: string[] } | undefined;
  kpis: { name: string; value: string; target: string | undefined; asOf: string | undefined }[];
  ozg: { leikaKey: string | undefined; maturity: string | undefined; efa: boolean | undefined } | undefined;
  nextSteps: string[];
  risks: string[];
  links: { title: string; url: string }[];
  image: Image | undefined;
  /** Of a two-slide activity: 1 (description, facts, milestones) or 2 (steps, risks, figures). */
  part: 1 | 2 | undefined;
}

export const slide: SlideModule<z.infer<typeof schema>, ActivityData> = {
  type: 'activity',
  schema,
  references: (s) => selectedIds(s, 'activity'),
  empty: (s, deck) => noActivitiesReason(selectActivities(deck.activities ?? [], s.select), deck.activities ?? [], 'no slide is shown for it'),
  view(s, { activities, lang, L }) {
    return selectActivities(activities, s.select).flatMap((a) => {
      const data = activityData(a, lang, L);
      const title = s.title && s.select?.ids?.length === 1 ? s.title : a.title;
      const base = { illustrative: !!a.illustrative || !!a.budget?.illustrative, item: a.id };
      const notes = activityNotes(a, s.notes, L);
      if (activityLines(a) <= ACTIVITY_LINES) return [{ data, title, ...base, notes }];
      // Too much for one slide: next steps, risks and key figures continue on the next.
      return [
        { data: { ...data, part: 1 as const }, title, ...base, notes },
        { data: { ...data, part: 2 as const }, title: `${title} (${L.continued})`, continued: true, ...base, notes: undefined },
      ];
    });
  },
  pptx: {
    draw(d, _ctx, c) {
      const L = c.L;
      const [mainBox, sideBox] = columns(c.area, [3, 2], 0.4);
      const steps = [...listParas(L.nextSteps, d.nextSteps.map((s) => c.plain(s))), ...listParas(L.risks, d.risks.map((s) => c.plain(s)))];
      const kpis = listParas(
        L.kpis,
        d.kpis.map((k) => `${k.name}: ${k.value}${k.target ? ` (${L.target} ${k.target})` : ''}${k.asOf ? ` ${L.asOf} ${k.asOf}` : ''}`),
      );
      const links: Para[] = d.links.length
        ? [{ runs: [{ text: L.links, bold: true }], spaceBefore: 10 }, ...d.links.map((l) => ({ runs: [{ text: l.title, link: l.url }], list: 'bullet' as const }))]
        : [];
      if (d.part === 2) {
        c.text(steps.length ? steps.map((p, i) => (i === 0 ? { ...p, spaceBefore: 0 } : p)) : [{ runs: [{ text: '' }] }], mainBox!, { size: 17 });
        c.text([...kpis, ...links], sideBox!, { size: 16 });
        return;
      }
      const chips = [d.category, d.phase ? `${L.phase}: ${d.phase}` : undefined].filter(Boolean).join('  ·  ');
      const main: Para[] = [{ runs: [{ text: chips, colour: 'muted' }] }];
      if (d.status) main.push({ runs: [{ text: '● ', colour: d.status.light }, { text: d.status.full, bold: true }] });
      if (d.description) main.push(...c.plain(d.description).split('\n').map((t, i) => ({ runs: [{ text: t }], ...(i === 0 ? { spaceBefore: 10 } : {}) })));
      if (d.shortened) main.push({ runs: [{ text: `(${L.descriptionShortened})`, italic: true, colour: 'muted' }] });
      const facts = factParas([
        [L.responsible, d.responsible],
        [L.partners, d.partners],
        [L.period, d.period],
        [L.progress, d.progressText],
        [L.ozg, d.ozg ? [d.ozg.maturity ? `${L.maturity} ${d.ozg.maturity}` : '', d.ozg.leikaKey ? `${L.leika} ${d.ozg.leikaKey}` : '', d.ozg.efa ? L.efa : ''].filter(Boolean).join('; ') : undefined],
      ]);
      main.push(...facts.map((p, i) => (i === 0 ? { ...p, spaceBefore: 10 } : p)));
      if (!d.part) main.push(...steps);
      c.text(main, mainBox!, { size: 16 });
      const side: Para[] = [];
      if (d.milestones.length) {
        side.push({ runs: [{ text: L.milestones, bold: true }] });
        for (const m of d.milestones) side.push({ runs: [{ text: m.done ? '◆ ' : '○ ', colour: 'accent' }, { text: `${m.due} `, bold: true }, { text: `${m.title} (${m.state})` }] });
      }
      if (d.budget) {
        side.push({ runs: [{ text: `${L.budgetShort}${d.budget.year ? ` ${d.budget.year}` : ''}`, bold: true }], spaceBefore: 10 });
        side.push(...factParas([[L.plan, d.budget.plan], [L.actual, d.budget.actual], [L.funding, d.budget.funding.join('; ') || undefined]]));
      }
      if (!d.part) side.push(...kpis, ...links);
      let box = sideBox!;
      if (d.image && !d.part) {
        c.image(d.image.src, { ...box, h: 1.8 }, d.image.alt);
        box = { ...box, y: box.y + 2.0, h: box.h - 2.0 };
      }
      if (side.length) c.text(side.map((p, i) => (i === 0 ? { ...p, spaceBefore: 0 } : p)), box, { size: 15 });
    },
  },
};

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

function shorten(text: string, limit: number): { text: string; shortened: boolean } {
  if (text.length <= limit) return { text, shortened: false };
  // Cut at the last sentence end before the limit, else at a word boundary.
  const head = text.slice(0, limit);
  const sentence = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  if (sentence > limit * 0.5) return { text: head.slice(0, sentence + 1), shortened: true };
  const space = head.lastIndexOf(' ');
  return { text: head.slice(0, space > 0 ? space : limit) + ' …', shortened: true };
}

function activityData(a: Activity, lang: Lang, L: Labels): ActivityData {
  const desc = a.description ? shorten(a.description, DESCRIPTION_LIMIT) : undefined;
  const b = a.budget;
  const withUnit = (n: number, unit: string | undefined) => `${formatNumber(n, lang)}${unit ? `\u00a0${unit}` : ''}`;
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
          funding: (b.funding ?? []).map((f) => fundingText(f, lang)),
        }
      : undefined,
    kpis: (a.kpis ?? []).map((k) => ({
      name: k.name,
      value: withUnit(k.value, k.unit),
      target: k.target === undefined ? undefined : withUnit(k.target, k.unit),
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
    part: undefined,
  };
}

function activityNotes(a: Activity, notes: string | undefined, L: Labels): string | undefined {
  const full = a.description && shorten(a.description, DESCRIPTION_LIMIT).shortened ? `**${L.notesFull}:** ${a.description}` : undefined;
  const parts = [notes, full].filter((x): x is string => !!x && x.trim() !== '');
  return parts.length ? parts.join('\n\n') : undefined;
}
