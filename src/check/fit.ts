/**
 * Fit: does every slide's content stay on the 1280×720 canvas, clear of the footer line and
 * the top bar, in a readable size; does every handout page hold what it should? Pure: judges
 * what the browser measured (page.ts) and points at the YAML through the SourceMap.
 */
import type { HandoutCut, OverflowHit, SlideMeasure } from './page.js';
import type { At, CheckProblem, SourceMap } from './locate.js';

/**
 * Text sizes in px of the 1280×720 canvas (a 16:9 PowerPoint slide is 540 pt high: 1 px here
 * is 0.75 pt there). Body text is 26 px, tables 19 px, the footer 17 px, ratsdeck's smallest
 * labels (badges, table sub-lines) 15–16 px. Below 14 px (10.5 pt) text gets hard to read from
 * the back of a council chamber: a warning; below 12 px (9 pt) it is unreadable there: an error.
 * fit.js may shrink a crowded slide to 80 %, which takes 16 px labels to about 13 px.
 */
export const TEXT_WARNING_PX = 14;
export const TEXT_ERROR_PX = 12;

/**
 * A title this many lines tall is too long: a warning, and blamed when the slide's content does
 * not fit. Two lines are a title; a third pushes the slide's content down by a fifth (issue 11).
 */
const LONG_TITLE_LINES = 3;

const EDGE: Record<OverflowHit['edge'], string> = { bottom: 'bottom', right: 'right', top: 'top', left: 'left' };

function px(n: number): string {
  return `${Math.round(n)} px`;
}

function worst(hits: OverflowHit[]): OverflowHit | undefined {
  return hits.reduce<OverflowHit | undefined>((a, b) => (!a || b.px > a.px ? b : a), undefined);
}

function label(m: SlideMeasure): string {
  return `slide ${m.number}${m.type ? ` (${m.type})` : ''}`;
}

const SPLIT_HINT = 'shorten the text or spread the content over more slides';

function hintFor(what: string, m: SlideMeasure): string {
  if (/^<(table|tbody|tr|thead|tfoot)/.test(what)) {
    return 'the table has more rows than fit on one slide: split the rows over several slides (the built-in slide types continue long tables on the next slide)';
  }
  if (/^<(img|svg|figure)/.test(what)) return 'make the image smaller or give it its own slide';
  if (m.type === 'activity') return 'shorten the description, next steps or risks of the activity, or show fewer milestones and key figures';
  return SPLIT_HINT;
}

export interface FitOptions {
  warningPx?: number;
  errorPx?: number;
}

/** Problems of one slide of the HTML deck. */
export function slideFitProblems(m: SlideMeasure, src: SourceMap, opts: FitOptions = {}): CheckProblem[] {
  const warnPx = opts.warningPx ?? TEXT_WARNING_PX;
  const errPx = opts.errorPx ?? TEXT_ERROR_PX;
  const out: CheckProblem[] = [];
  const add = (at: At, severity: 'error' | 'warning', rule: string, message: string, hint?: string) =>
    out.push({ ...at, severity, check: 'fit', rule, message: `${label(m)}: ${message}`, ...(hint ? { hint } : {}) });

  const content = src.content(m.source, m.item);
  const titleAt = src.title(m.source, m.item, m.type);
  const longTitle = m.title.found && m.title.lines >= LONG_TITLE_LINES;

  const canvas = m.overflow.filter((h) => h.kind === 'canvas');
  const footer = m.overflow.filter((h) => h.kind === 'footer');
  const header = m.overflow.filter((h) => h.kind === 'header');
  const clipped = m.overflow.filter((h) => h.kind === 'clipped');
  const titleHit = worst([...canvas, ...footer, ...header].filter((h) => h.inTitle));

  if (titleHit && !longTitle) {
    add(titleAt, 'error', 'rd-fit-title', `the title runs ${px(titleHit.px)} past the ${EDGE[titleHit.edge]} edge of the slide: "${m.title.text.slice(0, 60)}"`, 'shorten the title or break a very long word');
  }
  const spill = worst([...canvas, ...footer, ...header].filter((h) => !h.inTitle));
  if ((spill || (titleHit && longTitle)) && longTitle) {
    const hit = spill ?? titleHit!;
    add(
      titleAt,
      'error',
      'rd-fit-title',
      `the title takes ${m.title.lines} lines and pushes the content ${px(hit.px)} past the ${hit.kind === 'footer' ? 'footer line' : `${EDGE[hit.edge]} edge of the slide`}`,
      'shorten the title to one or two lines; put the rest in a subtitle or the notes',
    );
  } else if (spill) {
    const c = worst(canvas.filter((h) => !h.inTitle));
    if (c) {
      add(content, 'error', 'rd-fit-overflow', `content runs ${px(c.px)} past the ${EDGE[c.edge]} edge of the slide and is cut off: ${c.what}`, hintFor(c.what, m));
    } else {
      const f = worst(footer.filter((h) => !h.inTitle));
      if (f) add(content, 'error', 'rd-fit-footer', `content reaches ${px(f.px)} under the footer line: ${f.what}`, hintFor(f.what, m));
    }
    const h = worst(header.filter((x) => !x.inTitle));
    if (h) add(content, 'error', 'rd-fit-header', `content reaches ${px(h.px)} under the bar at the top: ${h.what}`, hintFor(h.what, m));
  }
  if (!out.some((p) => p.rule === 'rd-fit-title') && longTitle) {
    const shrunk = m.fitScale !== undefined ? ` (the slide was shrunk to ${Math.round(m.fitScale * 100)} % to fit)` : '';
    add(titleAt, 'warning', 'rd-title-long', `the title takes ${m.title.lines} lines${shrunk}`, 'shorten the title to one or two lines; put the rest in a subtitle or the notes');
  }
  // A section slide is its title; every other slide shows something besides it (issue 11).
  if (!m.content && m.type !== 'section') {
    add(
      src.slide(m.source),
      'error',
      'rd-empty-slide',
      m.title.found && m.title.text ? `shows nothing but its title "${m.title.text.slice(0, 60)}"` : 'shows nothing',
      'check the data the slide shows, or remove the slide; ratsdeck validate warns about selections that match nothing',
    );
  }
  const cut = worst(clipped);
  if (cut) {
    add(cut.inTitle ? titleAt : content, 'warning', 'rd-fit-clipped', `${px(cut.px)} of content are cut off inside ${cut.what}`, 'shorten the text in that box, or give the box room (in your template or theme)');
  }

  const small = m.smallestText;
  if (small && Math.round(small.px) < warnPx) {
    const severity = Math.round(small.px) < errPx ? 'error' : 'warning';
    const n = m.smallTexts.length;
    add(
      content,
      severity,
      'rd-text-size',
      `text only ${small.px.toFixed(1).replace(/\.0$/, '')} px high on the 1280×720 slide: "${small.text}"${n > 1 ? ` (and ${n - 1} more below ${warnPx} px)` : ''}; at least ${warnPx} px stays readable from the back of the room`,
      m.fitScale !== undefined
        ? `the slide was already shrunk to ${Math.round(m.fitScale * 100)} % to fit: shorten its content`
        : 'use a larger font size in your template or theme, or put less on the slide',
    );
  }
  return out;
}

/** Problems of the A4 handout document (handout.html): content cut at a page edge. */
export function handoutFitProblems(cuts: HandoutCut[], src: SourceMap): CheckProblem[] {
  const out: CheckProblem[] = [];
  const mm = (n: number) => `${Math.max(1, Math.round((n * 25.4) / 96))} mm`;
  const seen = new Set<string>();
  for (const c of cuts) {
    const key = `${c.kind}:${c.source}:${c.item}:${c.number}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const slide = c.number !== null ? `slide ${c.number}` : 'a slide';
    if (c.kind === 'page') {
      out.push({
        ...src.content(c.source, c.item),
        severity: 'error',
        check: 'fit',
        rule: 'rd-handout-page',
        output: 'handout.html',
        message: `handout page ${c.page}: ${slide} is cut ${mm(c.px)} at the bottom of the page: ${c.what}`,
        hint: 'choose a handout layout with fewer slides per page (--handout)',
      });
    } else {
      out.push({
        ...src.notes(c.source, c.item),
        severity: 'warning',
        check: 'fit',
        rule: 'rd-handout-notes',
        output: 'handout.html',
        message: `handout page ${c.page}: the notes of ${slide} do not fit beside it; ${mm(c.px)} are cut off: ${c.what}`,
        hint: 'shorten the notes, or print the handout with --handout notes (one slide per page with its full notes)',
      });
    }
  }
  return out;
}
