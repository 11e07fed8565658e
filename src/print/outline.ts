/**
 * Bookmarks (the PDF outline): one per slide, by its title, nested under the section slide it
 * belongs to. Pure functions; metadata.ts writes the tree into the PDF.
 *
 * Chromium's own outline (`page.pdf({ outline: true })`) is built from every heading in the
 * document: in a deck that gives sub-headings of a slide as bookmarks of their own, visually
 * hidden headings pointing at page 1, and the title slide's heading cut to its last line (seen
 * with Chromium 156). So ratsdeck writes the outline itself, from the slide list it rendered.
 */

export interface Bookmark {
  title: string;
  /**
   * Named destination to jump to: the slide's element id (`folie-3`). The printer asks Chromium
   * for it, which gives the page where the element actually landed.
   */
  dest: string;
  /** 0-based page to use when Chromium has no destination for `dest`. */
  page: number;
  children: Bookmark[];
}

/** What outline building needs to know about a slide (RenderedDeck.slides fits). */
export interface SlideEntry {
  number: number;
  title: string;
  type: string;
  /** The section's element id when it is not folie-<number> (a slide with an `id:` anchor). */
  elementId?: string;
}

/** The id the slide layout gives each slide's <section> (templates/layouts/slide.hbs). */
export function slideElementId(number: number): string {
  return `folie-${number}`;
}

/**
 * One bookmark per slide. Slides after a `section` slide are nested under it, up to the next
 * section slide; the title and agenda slides before the first section stay at the top.
 * `pageOf` maps a slide (1-based number) to its 0-based page: the slide itself in the slides
 * PDF, `floor((n - 1) / perPage)` in the handout.
 */
export function slideBookmarks(slides: readonly SlideEntry[], pageOf: (number: number) => number): Bookmark[] {
  const top: Bookmark[] = [];
  let section: Bookmark | undefined;
  for (const s of slides) {
    const b: Bookmark = { title: cleanTitle(s.title) || `${s.number}`, dest: s.elementId ?? slideElementId(s.number), page: pageOf(s.number), children: [] };
    if (s.type === 'section') {
      section = b;
      top.push(b);
    } else if (section && s.type !== 'closing') {
      section.children.push(b);
    } else {
      top.push(b);
    }
  }
  return top;
}

/** Bookmark titles are one line of plain text. */
function cleanTitle(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** All bookmarks, depth first (the order a viewer lists them). */
export function flattenBookmarks(list: readonly Bookmark[]): Bookmark[] {
  return list.flatMap((b) => [b, ...flattenBookmarks(b.children)]);
}
