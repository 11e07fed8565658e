/** The PowerPoint file of a deck folder as corpora for the leak search: every XML part's text. */
import { readFileSync } from 'node:fs';
import { pptxParts } from '../pptx/writer.js';
import { normalise, textCorpus, type Corpus } from './leaks.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of an Office XML part: runs of a paragraph joined, paragraphs and cells apart. */
export function officeXmlText(xml: string): string {
  return xml
    .replace(/<\/(a:p|a:tc|c:v|t|si)>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
      e[0] === '#' ? String.fromCodePoint(e[1]?.toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m),
    );
}

/** Corpora of a .pptx: the source of each XML part (text, notes, chart data, metadata) and its plain text. */
export async function pptxCorpora(name: string, file: string): Promise<Corpus[]> {
  const out: Corpus[] = [];
  for (const part of await pptxParts(readFileSync(file))) {
    const where = `${name}/${part.name}`;
    out.push(...textCorpus(where, part.text), { file: where, part: 'text', text: normalise(officeXmlText(part.text)) });
  }
  return out;
}
