/**
 * Outside requests: a deck loads nothing but its own files (GDPR: no fonts or images from
 * third-party servers; offline use in the council chamber). Pure: judges the URLs the browser
 * blocked or that the page refers to.
 */
import { allowedRoots, isAllowedUrl } from '../browser/index.js';
import type { SlideMeasure } from './page.js';
import type { At, CheckProblem, SourceMap } from './locate.js';

export interface RequestEvidence {
  /** URLs the browser blocked while the page loaded and every slide was shown. */
  blocked: string[];
  /** URLs the Content-Security-Policy stopped before they became requests. */
  cspBlocked?: string[];
  /** What each slide's elements refer to. */
  slides: SlideMeasure[];
  /** URLs blocked while printing the PDFs (from the print stage). */
  printBlocked?: { url: string; output: string }[];
}

function short(url: string): string {
  return url.length > 120 ? `${url.slice(0, 117)}…` : url;
}

/** One problem per outside URL, at the slide that refers to it (else the theme or the deck). */
export function requestProblems(ev: RequestEvidence, allowedDir: string | string[], src: SourceMap): CheckProblem[] {
  const roots = allowedRoots(allowedDir);
  const outside = (u: string) => !isAllowedUrl(u, roots);
  const bySlide = new Map<string, SlideMeasure>();
  for (const s of ev.slides) for (const r of s.resources) if (!bySlide.has(r)) bySlide.set(r, s);
  const theme = src.value(['theme']);
  const customTheme = typeof theme === 'string' && /\.css$/i.test(theme);
  const out: CheckProblem[] = [];
  const seen = new Set<string>();
  const report = (url: string, how: string, output?: string) => {
    if (seen.has(url)) return;
    seen.add(url);
    const s = bySlide.get(url);
    let at: At;
    let on = '';
    if (s) {
      at = src.content(s.source, s.item);
      on = `slide ${s.number}${s.type ? ` (${s.type})` : ''}: `;
    } else if (customTheme) at = src.top('theme');
    else at = src.deck();
    const remote = /^(https?|wss?|ftp):/i.test(url) || url.startsWith('//');
    out.push({
      ...at,
      severity: 'error',
      check: 'request',
      rule: 'rd-outside-request',
      message: `${on}${how} ${short(url)}${remote ? ' from another host' : ' outside the deck folder'}`,
      hint: remote
        ? 'decks load nothing from other hosts (GDPR, offline use): save the file in the project (e.g. assets/) and refer to it by its path'
        : 'refer only to files in the project; ratsdeck copies them into the deck',
      ...(output ? { output } : {}),
    });
  };
  for (const u of ev.blocked) if (outside(u)) report(u, 'loads');
  for (const u of ev.cspBlocked ?? []) if (outside(u)) report(u, 'tries to load (stopped by the deck\'s Content-Security-Policy)');
  for (const s of ev.slides) for (const u of s.resources) if (outside(u)) report(u, 'refers to');
  for (const p of ev.printBlocked ?? []) report(p.url, `printing ${p.output} loads`, p.output);
  return out;
}
