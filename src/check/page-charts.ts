/**
 * Runs inside the browser page (passed to page.evaluate, so self-contained like page.ts): the
 * text labels of a slide's charts, measured where the browser drew them. Too many bars for a
 * chart once put 80 labels in 520 px, on top of each other (issue 11); a theme's wider font can
 * push a label past the chart or the slide. It measures; chart.ts judges.
 */
import type { ChartLabels } from './page-data.js';

/** The labels of the charts (`svg.rd-chart__svg`) on slide `index` of Reveal.getSlides(). */
export function measureChartLabels(index: number): ChartLabels[] {
  type Box = { left: number; top: number; right: number; bottom: number };
  const w = window as unknown as { Reveal?: { getSlides(): HTMLElement[] } };
  const section = w.Reveal ? w.Reveal.getSlides()[index] : document.querySelectorAll<HTMLElement>('.reveal .slides section')[index];
  if (!section) return [];
  const sr = section.getBoundingClientRect();
  const W = section.offsetWidth || 1280;
  const H = section.offsetHeight || 720;
  const scale = sr.width / W || 1;
  const rel = (r: DOMRect): Box => ({ left: (r.left - sr.left) / scale, top: (r.top - sr.top) / scale, right: (r.right - sr.left) / scale, bottom: (r.bottom - sr.top) / scale });
  const meet = (a: Box, b: Box): Box => ({ left: Math.max(a.left, b.left), top: Math.max(a.top, b.top), right: Math.min(a.right, b.right), bottom: Math.min(a.bottom, b.bottom) });
  const clipsOf = (cs: CSSStyleDeclaration) => cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
  const snippet = (s: string) => {
    const t = s.replace(/\s+/g, ' ').trim();
    return t.length > 40 ? `${t.slice(0, 37)}…` : t;
  };

  const out: ChartLabels[] = [];
  for (const svg of Array.from(section.querySelectorAll<SVGSVGElement>('svg.rd-chart__svg'))) {
    if (svg.closest('aside.notes') || !svg.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    const chart = rel(svg.getBoundingClientRect());
    // What cuts a label off: the slide's canvas, every box on the way up that clips, the SVG itself if it clips.
    let clip: Box = { left: 0, top: 0, right: W, bottom: H };
    if (clipsOf(getComputedStyle(svg))) clip = meet(clip, chart);
    for (let e = svg.parentElement; e && e !== section; e = e.parentElement) {
      if (clipsOf(getComputedStyle(e))) clip = meet(clip, rel(e.getBoundingClientRect()));
    }
    const labels: { text: string; box: Box; ink: Box }[] = [];
    for (const t of Array.from(svg.querySelectorAll<SVGTextElement>('text'))) {
      const text = (t.textContent ?? '').trim();
      // Vega hides the axis labels it thins out with opacity 0.
      if (!text || !t.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
      const box = rel(t.getBoundingClientRect());
      if (box.right - box.left <= 0 || box.bottom - box.top <= 0) continue;
      // The box is the font's line box, taller than its letters: two labels may touch there.
      const m = t.getScreenCTM();
      const px = ((parseFloat(getComputedStyle(t).fontSize) || 16) * (m ? Math.hypot(m.a, m.b) : 1)) / scale;
      const ink = { ...box, top: box.top + px * 0.25, bottom: box.bottom - px * 0.2 };
      labels.push({ text, box, ink });
    }
    const overlaps: ChartLabels['overlaps'] = [];
    let overlapCount = 0;
    const byTop = labels.map((l, i) => ({ ...l, i })).sort((a, b) => a.ink.top - b.ink.top);
    for (let i = 0; i < byTop.length && overlapCount < 10_000; i++) {
      const a = byTop[i]!;
      for (let j = i + 1; j < byTop.length && byTop[j]!.ink.top < a.ink.bottom; j++) {
        const b = byTop[j]!;
        const dx = Math.min(a.ink.right, b.ink.right) - Math.max(a.ink.left, b.ink.left);
        const dy = Math.min(a.ink.bottom, b.ink.bottom) - b.ink.top;
        if (dx > 1 && dy > 1) {
          overlapCount++;
          if (overlaps.length < 3) overlaps.push({ a: snippet(a.text), b: snippet(b.text), px: Math.round(dy) });
        }
      }
    }
    const outside: ChartLabels['outside'] = [];
    for (const l of labels) {
      const past = (limit: Box, cut: boolean) => {
        const edges = [
          ['left', limit.left - l.box.left],
          ['right', l.box.right - limit.right],
          ['top', limit.top - l.ink.top],
          ['bottom', l.ink.bottom - limit.bottom],
        ] as const;
        const worst = edges.reduce((x, y) => (y[1] > x[1] ? y : x));
        if (worst[1] > 2) outside.push({ text: snippet(l.text), px: Math.round(worst[1]), edge: worst[0], cut });
        return worst[1] > 2;
      };
      if (!past(clip, true)) past(chart, false);
    }
    const kind = /rd-chart__svg--(\w+)/.exec(svg.getAttribute('class') ?? '')?.[1] ?? 'chart';
    out.push({ kind, labels: labels.length, overlaps, overlapCount, outside });
  }
  return out;
}
