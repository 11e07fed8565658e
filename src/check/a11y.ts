/**
 * Accessibility of the HTML deck (BITV 2.0 / EN 301 549: WCAG 2.1 AA): axe-core's findings and
 * ratsdeck's own rules (a status shown by colour only, a slide without a title), each pointed
 * at the YAML that produced the slide. Pure.
 */
import type { AxeHit, SlideMeasure } from './page.js';
import type { At, CheckProblem, SourceMap } from './locate.js';

/** What to do, per axe-core rule, in the words of someone who edits YAML and templates. */
const AXE_HINTS: Record<string, string> = {
  'color-contrast': 'text needs a contrast of at least 4.5:1 (3:1 from 24 px, or 18.7 px bold): darken the text colour or lighten the background in your theme',
  'image-alt': 'give the image an alt text (alt: in the YAML; alt="" in a template only for a purely decorative image)',
  'svg-img-alt': 'give the graphic an accessible name (aria-label or <title>)',
  'role-img-alt': 'give the graphic an accessible name (aria-label)',
  'heading-order': 'headings must go down one level at a time (h2 → h3, not h2 → h4): fix the heading levels in your template',
  'empty-heading': 'a heading needs text: fill in the title, or do not render an empty heading',
  'th-has-data-cells': 'every header cell (<th>) needs data cells it describes',
  'td-has-header': 'large tables need header cells (<th scope="col">) for every column',
  'td-headers-attr': 'the headers attribute of a cell must name header cells of the same table',
  'html-has-lang': 'set lang: in ratsdeck.yaml or the deck (de or en)',
  'html-lang-valid': 'set lang: to a valid language (de or en)',
  'valid-lang': 'use a valid language code in the lang attribute of your template',
  'document-title': 'set title: in the deck',
  'link-name': 'links need text that says where they lead (not an empty link or a bare icon)',
  'list': 'lists (<ul>, <ol>) may hold only <li> elements directly',
  'listitem': '<li> elements belong inside a <ul> or <ol>',
  'duplicate-id-aria': 'ids referenced by ARIA attributes must be unique in the deck (your template repeats one)',
  'aria-hidden-focus': 'content hidden with aria-hidden must not contain links or buttons',
  'frame-title': 'an <iframe> needs a title attribute',
  'object-alt': 'an <object> needs a text alternative',
  'input-image-alt': 'an image button needs alt text',
};

/** critical and serious findings fail the check; moderate and minor ones are warnings. */
export function severityOf(impact: string | null): 'error' | 'warning' {
  return impact === 'critical' || impact === 'serious' ? 'error' : 'warning';
}

function where(m: SlideMeasure | undefined, node: AxeHit['nodes'][number], src: SourceMap): At {
  const source = node.source ?? m?.source ?? null;
  const item = node.item ?? m?.item ?? null;
  if (node.inTitle) return src.title(source, item, m?.type ?? null);
  return src.content(source, item);
}

function slideLabel(m: SlideMeasure | undefined, node: AxeHit['nodes'][number]): string {
  const n = node.number ?? m?.number;
  return n ? `slide ${n}${m?.type ? ` (${m.type})` : ''}: ` : '';
}

/**
 * axe-core violations of one slide (or, without a slide, of the page around the slides). One
 * problem per rule and slide; the first node is shown, the others counted.
 */
export function axeProblems(hits: AxeHit[], m: SlideMeasure | undefined, src: SourceMap): CheckProblem[] {
  const out: CheckProblem[] = [];
  // Colours come from the theme: with a theme of the project's own, point at `theme:`.
  const theme = src.value(['theme']);
  const ownTheme = typeof theme === 'string' && /\.css$/i.test(theme);
  for (const hit of hits) {
    const first = hit.nodes[0];
    if (!first) continue;
    let at: At;
    if (m && ownTheme && hit.rule === 'color-contrast') at = src.top('theme');
    else if (m) at = where(m, first, src);
    else if (/^html-(has-lang|lang-valid|xml-lang-mismatch)$/.test(hit.rule)) at = src.top('lang');
    else if (hit.rule === 'document-title') at = src.top('title');
    else at = src.deck();
    const more = hit.nodes.length > 1 ? ` (and ${hit.nodes.length - 1} more on this slide)` : '';
    const c = first.contrast;
    const detail = c ? `contrast ${c.ratio}:1, needs ${c.expected}:1 (${c.fg} on ${c.bg})` : first.summary.replace(/^Fix (any|all) of the following:\s*/i, '');
    out.push({
      ...at,
      severity: severityOf(hit.impact),
      check: 'a11y',
      rule: hit.rule,
      message: `${slideLabel(m, first)}${hit.help} [${hit.rule}]: ${first.html}${detail ? ` — ${detail}` : ''}${more}`,
      hint: AXE_HINTS[hit.rule] ?? `see ${hit.helpUrl}`,
    });
  }
  return out;
}

/** ratsdeck's own rules on one slide: a status shown by colour only; a slide without a title. */
export function ownA11yProblems(m: SlideMeasure, src: SourceMap): CheckProblem[] {
  const out: CheckProblem[] = [];
  const label = `slide ${m.number}${m.type ? ` (${m.type})` : ''}`;
  const content = src.content(m.source, m.item);
  const first = m.colourOnly[0];
  if (first) {
    const more = m.colourOnly.length > 1 ? ` (and ${m.colourOnly.length - 1} more)` : '';
    out.push({
      ...content,
      severity: 'error',
      check: 'a11y',
      rule: 'rd-colour-only',
      message: `${label}: a status is shown by colour only (${first.colour}), without a visible text label: ${first.what}${more}`,
      hint: first.srOnly
        ? 'its text is there for screen readers only; show it, e.g. "Grün – im Plan" ({{> partials/status status}} in a template) (WCAG 1.4.1)'
        : 'put the status text next to the light, e.g. "Grün – im Plan" ({{> partials/status status}} in a template) (WCAG 1.4.1)',
    });
  }
  const t = m.title;
  if (!t.found) {
    out.push({
      ...content,
      severity: 'error',
      check: 'a11y',
      rule: 'rd-slide-title',
      message: `${label}: the slide has no title heading (id folie-${m.number}-titel)`,
      hint: 'render the title in your template: {{> partials/heading}}; screen readers, bookmarks and the handout use it',
    });
  } else if (!t.text || !t.visible) {
    out.push({
      ...src.title(m.source, m.item, m.type),
      severity: 'error',
      check: 'a11y',
      rule: 'rd-slide-title',
      message: `${label}: the slide title is ${!t.text ? 'empty' : 'not visible'}`,
      hint: 'give the slide a title: (WCAG 2.4.6); it is also its bookmark in the PDF',
    });
  } else if (!t.heading) {
    out.push({
      ...src.title(m.source, m.item, m.type),
      severity: 'warning',
      check: 'a11y',
      rule: 'rd-slide-title',
      message: `${label}: the slide title is not a heading element`,
      hint: 'use <h2> (or {{> partials/heading}}) for the title in your template; PDF bookmarks come from headings',
    });
  }
  return out;
}
