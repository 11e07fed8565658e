/**
 * Code that runs inside the browser page. installMeasuring is passed to page.evaluate, which
 * sends its source text: it must be self-contained (no imports, no module-level helpers; its
 * types, from page-data.ts, are erased). It installs window.__rdMeasure once per page, with the helpers the
 * three measurements share (slide identity from data-rd-*, visibility, short descriptions).
 * It measures; it judges nothing. The judging is in fit.ts and a11y.ts, on plain data.
 */
import type { AxeHit, HandoutCut, HandoutMeasureResult, OverflowHit, PageMeasuring, SlideMeasure } from './page-data.js';

export type { AxeHit, HandoutCut, HandoutMeasureResult, OverflowHit, PageMeasuring, SlideMeasure } from './page-data.js';

/** Installs window.__rdMeasure (see PageMeasuring). Run it after axe-core is injected. */
export function installMeasuring(): void {
  type AxeNode = { element?: Element; html: string; failureSummary?: string; any: { id: string; data?: unknown }[]; all: { data?: unknown }[]; none: { data?: unknown }[] };
  type AxeResult = { id: string; impact: string | null; help: string; helpUrl: string; tags: string[]; nodes: AxeNode[] };
  const w = window as unknown as {
    axe?: {
      configure(spec: unknown): void;
      run(ctx: unknown, opts: unknown): Promise<{ violations: AxeResult[]; incomplete: AxeResult[] }>;
    };
    Reveal?: { getSlides(): HTMLElement[] };
    __rdMeasure?: PageMeasuring;
  };

  // ---- Shared helpers -------------------------------------------------------------------

  const sections = (): HTMLElement[] =>
    w.Reveal ? w.Reveal.getSlides() : Array.from(document.querySelectorAll<HTMLElement>('.reveal .slides section'));
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  const snippet = (s: string) => {
    const t = clean(s);
    return t.length > 50 ? `${t.slice(0, 47)}…` : t;
  };
  const describe = (el: Element) => {
    const cls = typeof el.className === 'string' && el.className.trim() ? ` class="${el.className.trim().split(/\s+/).slice(0, 2).join(' ')}"` : '';
    const text = snippet(el.textContent ?? '');
    return `<${el.tagName.toLowerCase()}${cls}>${text ? ` "${text}"` : ''}`;
  };
  /** The slide a section is, from the attributes render writes (templates/slides/*.hbs). */
  const slideOf = (section: Element | null | undefined) => {
    const num = section ? /^(\d+)$/.exec(section.getAttribute('data-rd-number') ?? '') : null;
    const src = section?.getAttribute('data-rd-source');
    return {
      source: src != null && /^\d+$/.test(src) ? Number(src) : null,
      item: section?.getAttribute('data-rd-item') ?? null,
      number: num ? Number(num[1]) : null,
      type: section?.getAttribute('data-rd-type') ?? null,
    };
  };
  /** The slide's title heading (aria-labelledby, else the folie-N-titel id contract). */
  const titleOf = (section: Element | null | undefined): HTMLElement | null => {
    if (!section) return null;
    const id = section.getAttribute('aria-labelledby') || (section.id ? `${section.id}-titel` : '');
    return id ? document.getElementById(id) : null;
  };
  /** The screen-reader-only pattern (clip, or a 1 px box), on `el` or an ancestor below `root`. */
  const srOnly = (el: Element, root: Element): boolean => {
    for (let e: Element | null = el; e && e !== root; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return true;
      if (e instanceof HTMLElement && cs.position === 'absolute' && e.offsetWidth <= 1 && e.offsetHeight <= 1 && cs.overflow !== 'visible') return true;
    }
    return false;
  };
  const shown = (el: Element) => el.checkVisibility({ opacityProperty: true, visibilityProperty: true });

  // The themes draw the top bar as an absolutely positioned ::before; axe-core then gives up on
  // every contrast it measures ("pseudoContent"). The bar never lies behind text (fit.ts checks
  // that), so pseudo-elements are left out of the background: axe's ignorePseudo option, set
  // through the public axe.configure(). configure() replaces a check's options, so they are all
  // given: axe-core 4.14's defaults for color-contrast, which are WCAG 1.4.3 AA (4.5:1, 3:1 for
  // text from 18 pt or 14 pt bold), with ignorePseudo turned on.
  w.axe?.configure({
    checks: [
      {
        id: 'color-contrast',
        options: {
          ignoreUnicode: true,
          ignoreLength: false,
          ignorePseudo: true,
          boldValue: 700,
          boldTextPt: 14,
          largeTextPt: 18,
          contrastRatio: { normal: { expected: 4.5 }, large: { expected: 3 } },
          pseudoSizeThreshold: 0.25,
          shadowOutlineEmMax: 0.2,
          textStrokeEmMin: 0.03,
        },
      },
    ],
  });

  // ---- One slide ------------------------------------------------------------------------

  const measureSlide = (index: number, minPx: number): SlideMeasure => {
    const section = sections()[index]!;
    const sr = section.getBoundingClientRect();
    const W = section.offsetWidth || 1280;
    const H = section.offsetHeight || 720;
    const scale = sr.width / W || 1;
    const rel = (r: DOMRect) => ({
      left: (r.left - sr.left) / scale,
      top: (r.top - sr.top) / scale,
      right: (r.right - sr.left) / scale,
      bottom: (r.bottom - sr.top) / scale,
      width: r.width / scale,
      height: r.height / scale,
    });

    // Visually hidden: display/visibility/opacity, or the screen-reader-only pattern.
    const hiddenCache = new Map<Element, boolean>();
    const hidden = (el: Element): boolean => {
      let v = hiddenCache.get(el);
      if (v === undefined) {
        v = !shown(el) || srOnly(el, section);
        hiddenCache.set(el, v);
      }
      return v;
    };

    const titleEl = titleOf(section);
    const inTitle = (n: Node) => !!titleEl && (n === titleEl || titleEl.contains(n));
    const body = section.querySelector<HTMLElement>('.rd-body') ?? section;
    const frame = section.querySelector<HTMLElement>('.rd-frame');
    const footer = section.querySelector<HTMLElement>('.rd-footer');
    const footerTop = footer && !hidden(footer) ? rel(footer.getBoundingClientRect()).top : H;
    // The coloured bar at the top edge (--rd-bar in the themes).
    const barBottom = frame ? parseFloat(getComputedStyle(frame).getPropertyValue('--rd-bar')) || 0 : 0;

    const overflow: OverflowHit[] = [];
    // Boxes may touch the footer line with their padding; text and images must stay clear of it.
    const check = (r: ReturnType<typeof rel>, what: string, title: boolean, node: Node, tolerance: number) => {
      if (r.width <= 0 && r.height <= 0) return;
      const hits: OverflowHit[] = [];
      if (r.bottom > H + 1) hits.push({ kind: 'canvas', px: r.bottom - H, edge: 'bottom', what, inTitle: title });
      if (r.right > W + 1) hits.push({ kind: 'canvas', px: r.right - W, edge: 'right', what, inTitle: title });
      if (r.top < -1) hits.push({ kind: 'canvas', px: -r.top, edge: 'top', what, inTitle: title });
      if (r.left < -1) hits.push({ kind: 'canvas', px: -r.left, edge: 'left', what, inTitle: title });
      if (!hits.length && body.contains(node)) {
        if (r.bottom > footerTop + tolerance) hits.push({ kind: 'footer', px: r.bottom - footerTop, edge: 'bottom', what, inTitle: title });
        if (barBottom && r.top < barBottom - 1) hits.push({ kind: 'header', px: barBottom - r.top, edge: 'top', what, inTitle: title });
      }
      overflow.push(...hits);
    };

    // Whether the slide shows anything besides its title: visible text, or a picture.
    let content = false;

    // Elements: boxes that leave the slide, and boxes that cut their own content.
    for (const el of Array.from(body.querySelectorAll<Element>('*'))) {
      if (el.closest('aside.notes') || (el instanceof SVGElement && !(el instanceof SVGSVGElement))) continue;
      if (hidden(el)) continue;
      const r = rel(el.getBoundingClientRect());
      const replaced = el instanceof HTMLImageElement || el instanceof SVGSVGElement || el instanceof HTMLCanvasElement || el instanceof HTMLVideoElement;
      if ((replaced || el instanceof HTMLIFrameElement || el instanceof HTMLObjectElement) && r.width > 4 && r.height > 4 && !inTitle(el)) content = true;
      check(r, describe(el), inTitle(el), el, replaced ? 2 : 12);
      if (el instanceof HTMLElement && !(el instanceof HTMLImageElement)) {
        const cs = getComputedStyle(el);
        const clipsY = cs.overflowY !== 'visible';
        const clipsX = cs.overflowX !== 'visible';
        const dy = el.scrollHeight - el.clientHeight;
        const dx = el.scrollWidth - el.clientWidth;
        if (clipsY && dy > 1 && el !== body) overflow.push({ kind: 'clipped', px: dy, edge: 'bottom', what: describe(el), inTitle: inTitle(el) });
        else if (clipsX && dx > 1 && el !== body) overflow.push({ kind: 'clipped', px: dx, edge: 'right', what: describe(el), inTitle: inTitle(el) });
      }
    }

    // Text runs: their real extent (text can stick out of a box that keeps its size), and size.
    const texts: { px: number; text: string }[] = [];
    const walker = document.createTreeWalker(section, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const t = n.nodeValue ?? '';
      if (!t.trim()) continue;
      const parent = n.parentElement;
      if (!parent || parent.closest('aside.notes, script, style, title') || hidden(parent)) continue;
      range.selectNodeContents(n);
      const rr = range.getBoundingClientRect();
      if (rr.width === 0 && rr.height === 0) continue;
      if (body.contains(n)) check(rel(rr), `"${snippet(t)}"`, inTitle(n), n, 2);
      if (body.contains(n) && !inTitle(n)) content = true;
      const fs = parseFloat(getComputedStyle(parent).fontSize) || 0;
      let k = 1;
      if (parent instanceof SVGElement) {
        const m = (parent as unknown as SVGGraphicsElement).getScreenCTM?.();
        k = m ? Math.hypot(m.a, m.b) : 1;
      } else if (parent.offsetWidth > 0) {
        // Any CSS scaling between the page and this element (reveal.js scales the whole slide).
        k = parent.getBoundingClientRect().width / parent.offsetWidth;
      } else k = scale;
      texts.push({ px: Math.round(((fs * k) / scale) * 10) / 10, text: snippet(t) });
    }
    texts.sort((a, b) => a.px - b.px);
    const small = texts.filter((t) => t.px < minPx);

    // The title heading.
    let title: SlideMeasure['title'] = { found: false, heading: false, text: '', visible: false, lines: 0 };
    if (titleEl && section.contains(titleEl)) {
      const lh = parseFloat(getComputedStyle(titleEl).lineHeight) || parseFloat(getComputedStyle(titleEl).fontSize) * 1.2;
      const tr = titleEl.getBoundingClientRect();
      title = {
        found: true,
        heading: /^H[1-6]$/.test(titleEl.tagName) || titleEl.getAttribute('role') === 'heading',
        text: clean(titleEl.textContent ?? ''),
        visible: !hidden(titleEl) && tr.width > 1 && tr.height > 1,
        lines: lh > 0 ? Math.round(tr.height / scale / lh) : 1,
      };
    }

    // Colour only: a traffic light (or anything painted in a status colour and holding no text)
    // whose .rd-status / cell has no visible text.
    const probe = document.createElement('span');
    section.appendChild(probe);
    const statusColours = new Map<string, string>();
    for (const name of ['green', 'yellow', 'red']) {
      probe.style.color = `var(--rd-${name})`;
      const c = getComputedStyle(probe).color;
      if (c && c !== 'rgba(0, 0, 0, 0)') statusColours.set(c, name);
    }
    probe.remove();
    const visibleText = (root: Element, except: Element): { visible: string; sr: string } => {
      let visible = '';
      let sr = '';
      const tw = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = tw.nextNode(); n; n = tw.nextNode()) {
        const p = n.parentElement;
        const t = (n.nodeValue ?? '').trim();
        if (!p || !t || except.contains(n)) continue;
        if (!shown(p)) continue;
        if (srOnly(p, section)) sr += t;
        else visible += t;
      }
      return { visible, sr };
    };
    const colourOnly: SlideMeasure['colourOnly'] = [];
    const seen = new Set<Element>();
    for (const el of Array.from(section.querySelectorAll<HTMLElement>('*'))) {
      if (el.closest('aside.notes') || el instanceof SVGElement || hidden(el)) continue;
      if ((el.textContent ?? '').trim()) continue;
      const cs = getComputedStyle(el);
      const byColour = statusColours.get(cs.backgroundColor);
      const isLight = el.classList.contains('rd-light');
      if (!isLight && !byColour) continue;
      if (el.offsetWidth === 0 || el.offsetHeight === 0) continue;
      const container = el.closest('.rd-status') ?? el.closest('td, th, li, dd, p, figure') ?? el.parentElement ?? el;
      if (seen.has(container)) continue;
      seen.add(container);
      const text = visibleText(container, el);
      if (text.visible) continue;
      const cls = Array.from((el.closest('.rd-status') ?? el).classList).find((c) => /^rd-status--/.test(c));
      colourOnly.push({ what: describe(el.closest('.rd-status') ?? el), colour: byColour ?? (cls ? cls.slice('rd-status--'.length) : 'status'), srOnly: !!text.sr });
    }

    // Resources: what the slide's elements load (the browser's own request log catches the rest).
    const resources = new Set<string>();
    const add = (u: string | null | undefined) => {
      if (u && !u.startsWith('#')) {
        try {
          resources.add(new URL(u, document.baseURI).href);
        } catch {
          resources.add(u);
        }
      }
    };
    for (const el of Array.from(section.querySelectorAll<HTMLElement>('*'))) {
      const tag = el.tagName;
      if (['IMG', 'SOURCE', 'VIDEO', 'AUDIO', 'IFRAME', 'EMBED', 'SCRIPT', 'TRACK', 'INPUT'].includes(tag)) {
        add(el.getAttribute('src'));
        add(el.getAttribute('data-src'));
      }
      if (tag === 'VIDEO') add(el.getAttribute('poster'));
      if (tag === 'OBJECT') add(el.getAttribute('data'));
      if (tag === 'LINK') add(el.getAttribute('href'));
      if (el.tagName.toLowerCase() === 'image' || tag === 'USE') add(el.getAttribute('href') ?? el.getAttribute('xlink:href'));
      const srcset = el.getAttribute('srcset');
      if (srcset) for (const part of srcset.split(',')) add(part.trim().split(/\s+/)[0]);
      const bg = getComputedStyle(el).backgroundImage;
      if (bg && bg !== 'none') for (const m of bg.matchAll(/url\(["']?([^"')]+)["']?\)/g)) add(m[1]);
    }

    const id = slideOf(section);
    const fit = parseFloat(section.getAttribute('data-rd-fit') ?? '');
    return {
      ...(fit > 0 && fit < 1 ? { fitScale: fit } : {}),
      index,
      number: id.number ?? index + 1,
      source: id.source,
      item: id.item,
      type: id.type,
      width: W,
      height: H,
      bodyOverflow: Math.max(0, body.scrollHeight - body.clientHeight),
      content,
      charts: [],
      overflow,
      smallestText: texts[0] ?? null,
      smallTexts: small.slice(0, 5),
      title,
      colourOnly,
      resources: [...resources],
    };
  };

  // ---- The handout ----------------------------------------------------------------------

  const measureHandout = (): HandoutMeasureResult => {
    const cuts: HandoutCut[] = [];
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.rd-page'));
    const shownIn = (item: Element) => {
      // A continuation row has no slide of its own; it carries the slide's attributes.
      const { source, item: id, number } = slideOf(item.querySelector('section[data-rd-source]') ?? (item.hasAttribute('data-rd-source') ? item : null));
      return { source, item: id, number };
    };
    pages.forEach((page, pi) => {
      const cs = getComputedStyle(page);
      const pr = page.getBoundingClientRect();
      const clips = cs.overflowY !== 'visible';
      for (const item of Array.from(page.querySelectorAll<HTMLElement>('.rd-item'))) {
        const ir = item.getBoundingClientRect();
        if (clips && ir.bottom > pr.bottom + 1) {
          const title = item.querySelector('[id$="-titel"]')?.textContent ?? item.textContent ?? '';
          cuts.push({ kind: 'page', page: pi + 1, ...shownIn(item), px: Math.round(ir.bottom - pr.bottom), what: `"${snippet(title)}"` });
        }
        // A row that clips (long notes flowing round the slide, or their continuation): its
        // text must end above its bottom edge.
        const clipsItem = getComputedStyle(item).overflowY !== 'visible';
        const itemBottom = ir.top + item.clientHeight;
        for (const notes of Array.from(item.querySelectorAll<HTMLElement>('.rd-item__notes'))) {
          const ns = getComputedStyle(notes);
          const d = notes.scrollHeight - notes.clientHeight;
          if (ns.overflowY !== 'visible' && d > 1) {
            cuts.push({ kind: 'notes', page: pi + 1, ...shownIn(item), px: d, what: `"${snippet(notes.textContent ?? '')}"` });
          } else if (clipsItem) {
            const r = document.createRange();
            r.selectNodeContents(notes);
            const below = r.getBoundingClientRect().bottom - itemBottom;
            if (below > 1) cuts.push({ kind: 'notes', page: pi + 1, ...shownIn(item), px: Math.round(below), what: `"${snippet(notes.textContent ?? '')}"` });
          }
        }
      }
    });
    const layout = /rd-handout--(\w+)/.exec(document.body.className)?.[1] ?? null;
    return { pages: pages.length, items: document.querySelectorAll('.rd-item').length, layout, cuts };
  };

  // ---- axe-core -------------------------------------------------------------------------

  const reduce = (list: AxeResult[]): AxeHit[] =>
    list.map((r) => ({
      rule: r.id,
      impact: r.impact,
      help: r.help,
      helpUrl: r.helpUrl,
      tags: r.tags,
      nodes: r.nodes.map((n) => {
        const el = n.element ?? null;
        const section = el?.closest('section[data-rd-source]') ?? null;
        const title = titleOf(section);
        const { source, item, number } = slideOf(section);
        const out: AxeHit['nodes'][number] = {
          html: n.html.length > 160 ? `${n.html.slice(0, 157)}…` : n.html,
          summary: clean(n.failureSummary ?? ''),
          inTitle: !!(title && el && (title === el || title.contains(el))),
          source,
          item,
          number,
        };
        const data = [...n.any, ...n.all, ...n.none].map((c) => c.data).find((d) => d && typeof d === 'object' && 'contrastRatio' in d) as
          | { contrastRatio: number; expectedContrastRatio: string; fgColor: string; bgColor: string }
          | undefined;
        if (data) {
          out.contrast = { ratio: data.contrastRatio, expected: parseFloat(String(data.expectedContrastRatio)), fg: data.fgColor, bg: data.bgColor };
        }
        return out;
      }),
    }));

  const runAxe = async (index: number, tags: string[]): Promise<{ violations: AxeHit[]; incomplete: AxeHit[] }> => {
    if (!w.axe) throw new Error('axe-core is not loaded in the page');
    // The ENTWURF watermark of a draft is faint on purpose and hidden from assistive technology
    // (the title says "Entwurf"): not text to judge.
    const context = index >= 0 ? { include: [sections()[index]!], exclude: [['.rd-draft-mark']] } : { exclude: [['.reveal .slides'], ['.rd-watermark']] };
    const res = await w.axe.run(context, {
      runOnly: { type: 'tag', values: tags },
      // Only violations are reported; the other result types only cost time. No preload: it
      // fetches every stylesheet again on each run, for a rule (css-orientation-lock) a deck
      // never triggers.
      resultTypes: ['violations'],
      elementRef: true,
      iframes: false,
      preload: false,
    });
    return { violations: reduce(res.violations), incomplete: reduce(res.incomplete) };
  };

  w.__rdMeasure = { measureSlide, measureHandout, runAxe };
}
