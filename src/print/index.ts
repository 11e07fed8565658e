/**
 * The print stage: built deck folders → PDFs (slides and A4 handout), with metadata, XMP and
 * bookmarks. Uses the browser stage's API; never imports puppeteer.
 */
export {
  HANDOUT_HTML,
  SLIDES_HTML,
  SLIDE_HEIGHT_PX,
  SLIDE_WIDTH_PX,
  printHandout,
  printSlides,
  screenshotSlides,
  type PngOptions,
  type PngResult,
  type CutNotes,
  type PrintOptions,
  type PrintResult,
} from './print.js';
export {
  NONPUBLIC_KEYWORD,
  RATSDECK_XMP_NS,
  bookmarkTitles,
  documentDate,
  keywordString,
  pdfDateString,
  pdfMetadata,
  xmpDateString,
  xmpPacket,
  type DocumentInfo,
  type PdfDate,
  type PdfMetadata,
} from './metadata.js';
export { finishPdf, readPdfCatalog, type FinishOptions, type FinishedPdf, type PdfCatalog } from './pdfdoc.js';
export { flattenBookmarks, slideBookmarks, slideElementId, type Bookmark, type SlideEntry } from './outline.js';
