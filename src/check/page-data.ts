/**
 * What the in-page measurements (page.ts) return: plain data, judged by fit.ts, a11y.ts and
 * requests.ts.
 */

/** One element or text run that does not fit, in px of the 1280×720 slide canvas. */
export interface OverflowHit {
  /** canvas: beyond the slide edge (cut off); footer: below the footer line; header: above the top bar; clipped: cut by an element's own overflow. */
  kind: 'canvas' | 'footer' | 'header' | 'clipped';
  /** How far past the limit, in canvas px. */
  px: number;
  /** Which edge: bottom, right, top, left. */
  edge: 'bottom' | 'right' | 'top' | 'left';
  /** `<table class="rd-table">` „first words…“ */
  what: string;
  /** Inside the slide's title heading. */
  inTitle: boolean;
}

export interface SlideMeasure {
  /** Position in Reveal.getSlides() (0-based). */
  index: number;
  /** The slide number from the section id (folie-<n>), or index + 1. */
  number: number;
  /** data-rd-source: index in the deck's slides: list. */
  source: number | null;
  /** data-rd-item: the activity id of an activity slide. */
  item: string | null;
  type: string | null;
  /** Size of the slide canvas in CSS px (1280×720 with ratsdeck's themes). */
  width: number;
  height: number;
  /** data-rd-fit: the scale fit.js shrank the slide's text to, when it did. */
  fitScale?: number;
  /** Content height beyond the .rd-body's box (scrollHeight − clientHeight), 0 when it fits. */
  bodyOverflow: number;
  /** The slide shows something besides its title: visible text, or a picture of some size. */
  content: boolean;
  /** The labels of its charts (page-charts.ts; filled in by measure.ts). */
  charts: ChartLabels[];
  overflow: OverflowHit[];
  /** The smallest visible text on the slide, in canvas px. */
  smallestText: { px: number; text: string } | null;
  /** Texts below the warning size (up to 5, smallest first). */
  smallTexts: { px: number; text: string }[];
  title: {
    found: boolean;
    heading: boolean;
    text: string;
    visible: boolean;
    lines: number;
  };
  /** Status colours without a visible text label next to them (WCAG 1.4.1). */
  colourOnly: { what: string; colour: string; srOnly: boolean }[];
  /** URLs of resources the slide's elements load (img src, srcset, CSS background images…). */
  resources: string[];
}

/** A chart's text labels that cannot be read: on top of each other, or cut off. */
export interface ChartLabels {
  /** budget, timeline, status (from rd-chart__svg--<kind>). */
  kind: string;
  labels: number;
  /** Pairs of labels whose letters overlap, the first few, and how many there are in all. */
  overlaps: { a: string; b: string; px: number }[];
  overlapCount: number;
  /** Labels reaching past the chart's box (inside: still on the slide) or cut off at the slide's or a box's edge. */
  outside: { text: string; px: number; edge: 'bottom' | 'right' | 'top' | 'left'; cut: boolean }[];
}

/** One cut-off item in the A4 handout. */
export interface HandoutCut {
  kind: 'page' | 'notes';
  /** 1-based handout page. */
  page: number;
  /** The slide shown in the item (data-rd-source, data-rd-item, number). */
  source: number | null;
  item: string | null;
  number: number | null;
  px: number;
  what: string;
}

/** One axe-core finding, reduced to what the report needs. */
export interface AxeHit {
  rule: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  /** WCAG tags of the rule (wcag2aa, wcag143 …). */
  tags: string[];
  nodes: {
    html: string;
    summary: string;
    inTitle: boolean;
    /** data-rd-source / data-rd-item / slide number of the section the node is in. */
    source: number | null;
    item: string | null;
    number: number | null;
    /** For color-contrast: the measured and required ratio. */
    contrast?: { ratio: number; expected: number; fg: string; bg: string };
  }[];
}

export interface HandoutMeasureResult {
  pages: number;
  items: number;
  layout: string | null;
  cuts: HandoutCut[];
}

/** What installMeasuring puts on window (measure.ts calls it through page.evaluate). */
export interface PageMeasuring {
  /**
   * Measures one slide of a reveal.js deck. The slide must be the present one (Reveal.slide),
   * so that it is laid out and visible. `minPx` is the size below which text is listed.
   */
  measureSlide(index: number, minPx: number): SlideMeasure;
  /** Finds content cut at a handout page's edge (.rd-page) or in a notes box (.rd-item__notes). */
  measureHandout(): HandoutMeasureResult;
  /**
   * Runs axe-core (already injected as window.axe) on one slide (the present one, by its
   * position in Reveal.getSlides()) or, with index -1, on the document outside the slides.
   */
  runAxe(index: number, tags: string[]): Promise<{ violations: AxeHit[]; incomplete: AxeHit[] }>;
}
