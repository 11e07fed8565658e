/**
 * The PowerPoint writer: the only module that imports pptxgenjs (and jszip, which it uses to
 * finish the package). It implements the SlideCanvas the slide modules draw with, and writes
 * the package deterministically: fixed zip dates and document dates from the deck, keywords
 * in the core properties (pptxgenjs has no field for them), so that the same deck gives the
 * same bytes and a file that PowerPoint opens without asking to repair it.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import JSZip from 'jszip';
import pptxModule from 'pptxgenjs';
import type * as P from 'pptxgenjs';
import { deckFileBytes } from '../bundle/svg.js';
import type { Labels, Lang } from '../render/i18n.js';
import { markdownParagraphs } from '../render/markdown.js';
import type { BarChartSpec, Box, Para, ShapeKind, ShapeStyle, SlideCanvas, TableSpec, TextStyle, ThemeColour } from './canvas.js';

export interface PptxTheme {
  /** Hex colours without "#", by role. */
  colours: Record<ThemeColour, string>;
  /** The font every text box names (one that Windows has). */
  font: string;
  /** Body text size in points. */
  size: number;
}

export interface PptxInfo {
  title: string;
  author?: string | undefined;
  subject?: string | undefined;
  company?: string | undefined;
  keywords: string[];
  lang: Lang;
  /** Created and modified date of the document (the deck's date, or SOURCE_DATE_EPOCH). */
  date: Date;
}

// The package's types describe a CommonJS module; its ESM build exports the class as default.
type PptxClass = typeof P.default.default;
const PptxGenJS = ((pptxModule as unknown as { default?: PptxClass }).default ?? pptxModule) as unknown as PptxClass;
type Pres = InstanceType<PptxClass>;
type PSlide = ReturnType<Pres['addSlide']>;

const ALIGN = { left: 'left', center: 'center', right: 'right' } as const;
const LANG_TAG: Record<Lang, string> = { de: 'de-DE', en: 'en-GB' };
/** The locale of a chart's number formats (LibreOffice takes its digit grouping from it: 100.000 €, not 100,000 €). */
const LCID: Record<Lang, string> = { de: '[$-407]', en: '[$-809]' };

/** One presentation being written; slides are added in order. */
export class PptxDocument {
  readonly #pres: Pres;
  readonly #info: PptxInfo;
  readonly #theme: PptxTheme;
  readonly #projectRoot: string;

  constructor(info: PptxInfo, theme: PptxTheme, projectRoot: string) {
    this.#info = info;
    this.#theme = theme;
    this.#projectRoot = projectRoot;
    const pres = new PptxGenJS();
    pres.layout = 'LAYOUT_WIDE';
    pres.title = info.title;
    if (info.author) pres.author = info.author;
    if (info.subject) pres.subject = info.subject;
    if (info.company) pres.company = info.company;
    pres.revision = '1';
    pres.theme = { headFontFace: theme.font, bodyFontFace: theme.font };
    this.#pres = pres;
  }

  /** A new slide: draw on `canvas`, put the speaker notes with `notes`. */
  addSlide(L: Labels, area: Box, onImageLeftOut: (src: string) => void = () => {}): { canvas: SlideCanvas; notes(text: string): void } {
    const slide = this.#pres.addSlide();
    slide.background = { color: this.#theme.colours.bg };
    const canvas = new Canvas(this.#pres, slide, this.#theme, this.#info.lang, L, area, this.#projectRoot, onImageLeftOut);
    return { canvas, notes: (text) => slide.addNotes(text) };
  }

  /** The finished .pptx. */
  async toBuffer(): Promise<Buffer> {
    const raw = (await this.#pres.write({ outputType: 'nodebuffer', compression: false })) as Buffer;
    return finishPackage(raw, this.#info);
  }
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Keywords and fixed dates in the core properties; every zip entry with the same date. */
async function finishPackage(raw: Buffer, info: PptxInfo): Promise<Buffer> {
  const extra = [
    info.keywords.length ? `<cp:keywords>${xml(info.keywords.join('; '))}</cp:keywords>` : '',
    `<dc:language>${LANG_TAG[info.lang]}</dc:language>`,
  ].join('');
  return restamp(raw, info.date, extra);
}

/**
 * A package (the .pptx, or a chart's embedded workbook) with every date set to `date`: in the
 * core properties and on every zip entry; `extraCore` is added to the core properties. Charts
 * are numbered 1… per file: pptxgenjs counts them across every presentation the process made,
 * and the same deck must give the same bytes in a batch and alone.
 */
async function restamp(raw: Uint8Array, date: Date, extraCore = ''): Promise<Buffer> {
  const zip = await JSZip.loadAsync(raw);
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const numbers = [...new Set(Object.keys(zip.files).map((n) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1]).filter((n): n is string => !!n))]
    .map(Number)
    .sort((a, b) => a - b);
  const renumber = new Map(numbers.map((n, i) => [String(n), String(i + 1)]));
  const rename = (text: string) =>
    text.replace(/\b(chart|Microsoft_Excel_Worksheet)(\d+)\.(xml|xlsx)\b/g, (m, kind: string, n: string, ext: string) =>
      renumber.has(n) ? `${kind}${renumber.get(n)}.${ext}` : m,
    );
  const out = new JSZip();
  // [Content_Types].xml first, as Office writes it; the rest in a stable order.
  const names = Object.keys(zip.files).sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : a < b ? -1 : a > b ? 1 : 0));
  for (const name of names) {
    const f = zip.files[name]!;
    if (f.dir) continue;
    const target = rename(name);
    const opts = { date, createFolders: false };
    if (name === 'docProps/core.xml') {
      let text = (await f.async('string')).replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${iso}$3`);
      if (extraCore) text = text.replace('</cp:coreProperties>', `${extraCore}</cp:coreProperties>`);
      out.file(target, text, opts);
    } else if (/\.(xml|rels)$/.test(name)) out.file(target, rename(await f.async('string')), opts);
    else if (/\.xlsx$/.test(name)) out.file(target, await restamp(await f.async('uint8array'), date), opts);
    else out.file(target, await f.async('uint8array'), opts);
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'DOS' });
}

const SHAPES: Record<ShapeKind, string> = {
  rect: 'rect',
  roundRect: 'roundRect',
  ellipse: 'ellipse',
  diamond: 'diamond',
  line: 'line',
};

/** Image types PowerPoint shows, by extension. */
const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

class Canvas implements SlideCanvas {
  readonly #pres: Pres;
  readonly #slide: PSlide;
  readonly #theme: PptxTheme;
  readonly #root: string;
  readonly lang: Lang;
  readonly L: Labels;
  readonly area: Box;
  readonly #leftOut: (src: string) => void;

  constructor(pres: Pres, slide: PSlide, theme: PptxTheme, lang: Lang, L: Labels, area: Box, root: string, leftOut: (src: string) => void) {
    this.#leftOut = leftOut;
    this.#pres = pres;
    this.#slide = slide;
    this.#theme = theme;
    this.lang = lang;
    this.L = L;
    this.area = area;
    this.#root = root;
  }

  #c(colour: ThemeColour | undefined, fallback: ThemeColour = 'fg'): string {
    return this.#theme.colours[colour ?? fallback];
  }

  #base(box: Box, style: TextStyle = {}) {
    return {
      x: box.x,
      y: box.y,
      w: box.w,
      h: box.h,
      fontFace: this.#theme.font,
      fontSize: style.size ?? this.#theme.size,
      color: this.#c(style.colour),
      bold: style.bold ?? false,
      italic: style.italic ?? false,
      align: ALIGN[style.align ?? 'left'],
      valign: style.valign ?? 'top',
      margin: 0.04,
      lang: LANG_TAG[this.lang],
      ...(style.fill ? { fill: { color: this.#c(style.fill) } } : {}),
      ...(style.shrink !== false ? { fit: 'shrink' as const } : {}),
    };
  }

  text(content: string | Para[], box: Box, style: TextStyle = {}): void {
    const paras: Para[] = typeof content === 'string' ? content.split('\n').map((line) => ({ runs: [{ text: line }] })) : content;
    const runs: P.default.TextProps[] = [];
    paras.forEach((p, i) => {
      p.runs.forEach((r, j) => {
        const last = j === p.runs.length - 1;
        const options: P.default.TextPropsOptions = {};
        if (r.bold) options.bold = true;
        if (r.italic) options.italic = true;
        if (r.colour) options.color = this.#c(r.colour);
        if (r.link) options.hyperlink = { url: r.link };
        // Paragraph properties on every run: pptxgenjs takes them from the run that ends the paragraph.
        if (p.list === 'bullet') options.bullet = { indent: 18 };
        if (p.list === 'number') options.bullet = { type: 'number', indent: 22 };
        if (p.list && (p.level ?? 1) > 1) options.indentLevel = (p.level ?? 1) - 1;
        if (p.spaceBefore) options.paraSpaceBefore = p.spaceBefore;
        else if (i > 0) options.paraSpaceBefore = 4;
        // The paragraph ends after its last run (not after the document's last paragraph).
        if (last && i < paras.length - 1) options.breakLine = true;
        runs.push({ text: r.text, options });
      });
      if (!p.runs.length && i < paras.length - 1) runs.push({ text: '', options: { breakLine: true } });
    });
    this.#slide.addText(runs, this.#base(box, style));
  }

  plain(src: string): string {
    return markdownParagraphs(src)
      .map((p) => p.runs.map((r) => r.text).join(''))
      .join('\n');
  }

  markdown(src: string, box: Box, style: TextStyle = {}): void {
    const paras: Para[] = markdownParagraphs(src).map((p) => ({
      runs: p.runs.map((r) => ({ ...r, ...(p.heading ? { bold: true } : {}) })),
      ...(p.list ? { list: p.list, level: p.level ?? 1 } : {}),
    }));
    this.text(paras.length ? paras : [{ runs: [{ text: '' }] }], box, style);
  }

  table(spec: TableSpec, box: Box): void {
    const colW = spec.colW ?? spec.header.map(() => box.w / spec.header.length);
    const all = [spec.header, ...spec.rows, ...(spec.footer ? [spec.footer] : [])];
    // PowerPoint grows a table row to fit its text; a table must not run into the footer.
    const size = fittingSize(all, colW, box.h, spec.size ?? Math.round(this.#theme.size * 0.8));
    const border = { type: 'solid' as const, pt: 0.75, color: this.#c('border') };
    const cell = (c: TableSpec['header'][number], head: boolean): P.default.TableCell => ({
      text: typeof c.text === 'string' ? c.text : c.text.map((r) => ({ text: r.text, options: { ...(r.bold ? { bold: true } : {}), ...(r.italic ? { italic: true } : {}), ...(r.colour ? { color: this.#c(r.colour) } : {}) } })),
      options: {
        bold: head || (c.bold ?? false),
        color: head ? this.#c('accentFg') : this.#c(c.colour),
        ...(head ? { fill: { color: this.#c('accent') } } : c.fill ? { fill: { color: this.#c(c.fill) } } : {}),
        align: ALIGN[c.align ?? 'left'],
        valign: 'middle',
        border: [border, border, border, border],
      },
    });
    const rows = [spec.header.map((c) => cell(c, true)), ...spec.rows.map((r) => r.map((c) => cell(c, false)))];
    if (spec.footer) rows.push(spec.footer.map((c) => cell({ ...c, bold: true, fill: c.fill ?? 'surface' }, false)));
    this.#slide.addTable(rows, {
      x: box.x,
      y: box.y,
      w: box.w,
      colW,
      fontFace: this.#theme.font,
      fontSize: size,
      margin: CELL_MARGIN,
    });
  }

  barChart(spec: BarChartSpec, box: Box): void {
    // Horizontal bars are drawn bottom-up, the categories and the series in each group: both
    // reversed, they read top to bottom in the data's order (plan above actual), as in the HTML chart.
    const order = <T,>(xs: T[]) => (spec.direction === 'bar' ? [...xs].reverse() : xs);
    const series = order(spec.series);
    const data = series.map((s) => ({ name: s.name, labels: order(spec.labels), values: order(s.values) }));
    const size = Math.round(this.#theme.size * 0.62);
    this.#slide.addChart(this.#pres.ChartType.bar, data, {
      x: box.x,
      y: box.y,
      w: box.w,
      h: box.h,
      barDir: spec.direction,
      barGrouping: 'clustered',
      chartColors: (spec.pointColours && spec.series.length === 1 ? order(spec.pointColours) : series.map((s) => s.colour)).map((c) => this.#c(c)),
      catAxisLabelFontFace: this.#theme.font,
      catAxisLabelFontSize: size,
      catAxisLabelColor: this.#c('fg'),
      valAxisLabelFontFace: this.#theme.font,
      valAxisLabelFontSize: size,
      valAxisLabelColor: this.#c('muted'),
      ...(spec.numberFormat ? { valAxisLabelFormatCode: `${LCID[this.lang]}${spec.numberFormat}`, dataLabelFormatCode: `${LCID[this.lang]}${spec.numberFormat}` } : {}),
      lang: LANG_TAG[this.lang],
      showValue: spec.dataLabels ?? false,
      dataLabelFontSize: size,
      dataLabelFontFace: this.#theme.font,
      dataLabelColor: this.#c('fg'),
      showLegend: spec.legend ?? spec.series.length > 1,
      legendPos: 'b',
      legendFontFace: this.#theme.font,
      legendFontSize: size,
      legendColor: this.#c('fg'),
      valGridLine: { color: this.#c('border'), size: 0.5 },
      catGridLine: { style: 'none' },
      showTitle: false,
      altText: spec.title,
    });
  }

  shape(kind: ShapeKind, box: Box, style: ShapeStyle): void {
    this.#slide.addShape(SHAPES[kind] as P.default.ShapeType, {
      x: box.x,
      y: box.y,
      w: box.w,
      h: box.h,
      ...(style.fill ? { fill: { color: this.#c(style.fill) } } : { fill: { type: 'none' } as unknown as P.default.ShapeFillProps }),
      line: style.line
        ? { color: this.#c(style.line), width: style.lineWidth ?? 1, ...(style.dash ? { dashType: 'dash' as const } : {}) }
        : { type: 'none' } as unknown as P.default.ShapeLineProps,
      ...(kind === 'roundRect' ? { rectRadius: Math.min(box.w, box.h) / 2 } : {}),
    });
  }

  image(src: string, box: Box, alt: string): void {
    const file = resolve(this.#root, src);
    const type = IMAGE_TYPES[extname(file).toLowerCase()];
    // A WebP picture (the HTML deck takes it): PowerPoint files do not; said, not dropped silently.
    if (!type) return this.#leftOut(src);
    // SVGs as the HTML deck has them: sanitised (bundle/svg.ts).
    const bytes = type === 'image/svg+xml' ? deckFileBytes(file) : readFileSync(file);
    const size = imageSize(bytes, type);
    const fit = size ? contain(size, box) : box;
    this.#slide.addImage({ data: `data:${type};base64,${bytes.toString('base64')}`, ...fit, altText: alt });
  }
}

const CELL_MARGIN = 0.06;
/**
 * Average glyph width in em, on the wide side: Segoe UI, Arial and Verdana, and DejaVu Sans,
 * which LibreOffice on Linux shows for a font it does not have. A narrower guess let tables
 * run over the footer there.
 */
const EM_WIDTH = 0.57;
/** Line height in em, as PowerPoint and LibreOffice set a table's text (single spacing). */
const LINE_HEIGHT = 1.25;

/** Lines of `text` wrapped at spaces and after hyphens into lines of `perLine` characters. */
export function wrappedLines(text: string, perLine: number): number {
  return text.split('\n').reduce((n, line) => {
    let lines = 1;
    let used = 0;
    for (const word of line.split(/(?<=[ -])/)) {
      const len = word.trimEnd().length;
      if (used > 0 && used + len > perLine) {
        lines++;
        used = 0;
      }
      // A word longer than a line is broken inside it.
      if (len > perLine) {
        lines += Math.ceil(len / perLine) - 1;
        used = len % perLine;
      } else used += word.length;
    }
    return n + lines;
  }, 0);
}

/**
 * The largest font size (from `start` down to 9 pt) at which the table's rows, as PowerPoint
 * wraps them, fit into `height`: an estimate from the words per column width.
 */
export function fittingSize(rows: { text: string | { text: string }[] }[][], colW: number[], height: number, start: number): number {
  const heightAt = (pt: number) =>
    rows.reduce((sum, row) => {
      const lines = Math.max(
        1,
        ...row.map((c, i) => {
          const text = typeof c.text === 'string' ? c.text : c.text.map((r) => r.text).join('');
          const perLine = Math.max(1, Math.floor((((colW[i] ?? 1) - 2 * CELL_MARGIN) * 72) / (pt * EM_WIDTH)));
          return wrappedLines(text, perLine);
        }),
      );
      return sum + (lines * pt * LINE_HEIGHT) / 72 + 2 * CELL_MARGIN;
    }, 0);
  let pt = start;
  while (pt > 9 && heightAt(pt) > height) pt--;
  return pt;
}

/** The largest box of the image's proportions inside `box`, centred. */
function contain(size: { w: number; h: number }, box: Box): Box {
  const scale = Math.min(box.w / size.w, box.h / size.h);
  const w = size.w * scale;
  const h = size.h * scale;
  return { x: box.x + (box.w - w) / 2, y: box.y + (box.h - h) / 2, w, h };
}

/** Width and height of a PNG, JPEG, GIF or SVG from its header (undefined when unreadable). */
export function imageSize(b: Buffer, type: string): { w: number; h: number } | undefined {
  if (type === 'image/png' && b.length > 24) return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
  if (type === 'image/gif' && b.length > 10) return { w: b.readUInt16LE(6), h: b.readUInt16LE(8) };
  if (type === 'image/jpeg') {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { w: b.readUInt16BE(i + 7), h: b.readUInt16BE(i + 5) };
      }
      i += 2 + len;
    }
    return undefined;
  }
  if (type === 'image/svg+xml') {
    const head = /<svg\b[^>]*>/i.exec(b.toString('utf8'))?.[0] ?? '';
    const vb = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(head);
    if (vb) return { w: Number(vb[1]), h: Number(vb[2]) };
    const w = /\bwidth\s*=\s*["']([\d.]+)/i.exec(head);
    const h = /\bheight\s*=\s*["']([\d.]+)/i.exec(head);
    if (w && h) return { w: Number(w[1]), h: Number(h[1]) };
  }
  return undefined;
}

/**
 * Every XML part of a .pptx as text, including the parts of the workbooks embedded for the
 * charts' data (`ppt/embeddings/x.xlsx/xl/sharedStrings.xml`): what `check` searches for leaks.
 */
export async function pptxParts(bytes: Uint8Array, prefix = ''): Promise<{ name: string; text: string }[]> {
  const zip = await JSZip.loadAsync(bytes);
  const out: { name: string; text: string }[] = [];
  for (const [name, f] of Object.entries(zip.files)) {
    if (f.dir) continue;
    if (/\.(xml|rels)$/i.test(name)) out.push({ name: `${prefix}${name}`, text: await f.async('string') });
    else if (/\.xlsx$/i.test(name)) out.push(...(await pptxParts(await f.async('uint8array'), `${prefix}${name}/`)));
  }
  return out;
}
