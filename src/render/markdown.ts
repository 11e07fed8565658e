/**
 * Markdown for text fields. The only importer of markdown-it. Raw HTML is disabled, link
 * targets are checked (no javascript:, data: or file: links), and images are not rendered:
 * an image in Markdown could load from another host; images come through `image:` fields.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.disable(['image']);
// Allow only web and mail links (markdown-it already blocks javascript:, vbscript:, file:, data:).
md.validateLink = (url: string) => /^(https?:|mailto:|#)/i.test(url.trim());

export function renderMarkdown(src: string): string {
  return md.render(src).trim();
}

export function renderMarkdownInline(src: string): string {
  return md.renderInline(src);
}

/** A run of text with its emphasis, as Markdown gives it (for renderers other than HTML). */
export interface MdRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  link?: string;
}

/** A paragraph, heading or list item of a Markdown text, without markup. */
export interface MdPara {
  runs: MdRun[];
  list?: 'bullet' | 'number';
  /** List nesting, 1 for a top-level item. */
  level?: number;
  heading?: boolean;
}

/**
 * A Markdown text as paragraphs of plain runs: the PowerPoint export's reading of the same
 * text fields (the same parser and link rules as the HTML, so both show the same words).
 */
export function markdownParagraphs(src: string): MdPara[] {
  const out: MdPara[] = [];
  const lists: ('bullet' | 'number')[] = [];
  let heading = false;
  for (const t of md.parse(src, {})) {
    if (t.type === 'bullet_list_open') lists.push('bullet');
    else if (t.type === 'ordered_list_open') lists.push('number');
    else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') lists.pop();
    else if (t.type === 'heading_open') heading = true;
    else if (t.type === 'heading_close') heading = false;
    else if (t.type === 'inline') {
      const runs = inlineRuns(t.children ?? []);
      if (!runs.length) continue;
      const p: MdPara = { runs };
      if (lists.length) {
        p.list = lists[lists.length - 1]!;
        p.level = lists.length;
      }
      if (heading) p.heading = true;
      out.push(p);
    } else if (t.type === 'fence' || t.type === 'code_block') {
      out.push({ runs: [{ text: t.content.replace(/\n$/, '') }] });
    }
  }
  return out;
}

function inlineRuns(tokens: ReturnType<typeof md.parseInline>[number]['children'] & object): MdRun[] {
  const runs: MdRun[] = [];
  let bold = 0;
  let italic = 0;
  let link: string | undefined;
  const push = (text: string) => {
    if (!text) return;
    const r: MdRun = { text };
    if (bold) r.bold = true;
    if (italic) r.italic = true;
    if (link) r.link = link;
    runs.push(r);
  };
  for (const c of tokens) {
    if (c.type === 'strong_open') bold++;
    else if (c.type === 'strong_close') bold--;
    else if (c.type === 'em_open') italic++;
    else if (c.type === 'em_close') italic--;
    else if (c.type === 'link_open') link = c.attrGet('href') ?? undefined;
    else if (c.type === 'link_close') link = undefined;
    else if (c.type === 'softbreak') push(' ');
    else if (c.type === 'hardbreak') push('\n');
    else if (c.type === 'text' || c.type === 'code_inline') push(c.content);
  }
  return runs;
}
