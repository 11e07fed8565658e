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
