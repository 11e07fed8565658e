// needs: browser
/**
 * The leak test (issue 5; GemO RLP §§ 20, 35, 41, DOMAIN.md "Public and non-public content").
 *
 * test/fixtures/leak/ plants a unique marker (LEAK7F3A-…) in every non-public place of the model:
 * a `public: false` activity (every text field, its id, image file and alt text), a non-public
 * milestone and KPI inside a public activity, a network, an IT-Beirat member, meeting and
 * recommendations, a consultation, a slide (id, title, body, notes, image alt), an agenda item,
 * the name of a member without consent, custom _data shown by a project template, and a whole
 * deck for a non-public session (its file name too).
 * The previous session is frozen first (`ratsdeck freeze vorher --nonpublic`), so the changes
 * slide diffs non-public data on both sides.
 *
 * Every public output — deck folders, single files, slides PDFs, handouts (layout 3 and notes),
 * the archive — is searched: file bytes (UTF-8 and UTF-16), file and folder names, the text
 * pdf.js extracts (in reading and in drawing order), the Info dictionary, the XMP packet, the
 * bookmarks and every string and decoded stream pdf-lib finds in the PDF's objects. The non-public build must show the markers
 * in each of these places, so the search is known to see them.
 *
 * Uses the real Chromium through the CLI; it fails (never skips) when there is none.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, relative, sep } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRawStream, PDFString, decodePDFRawStream, type PDFObject } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officeXmlText } from '../../src/check/pptx.js';
import { pptxParts } from '../../src/pptx/writer.js';
import { runCli } from '../helpers/cli.js';
import { outline, pageTexts, pdfInfo, readPdf, xmp } from '../print/pdf.js';
import { slideSections } from '../render/helpers.js';
import { browserPath } from '../browser/chromium.js';

const REPO = join(import.meta.dirname, '..', '..');
const FIXTURE = join(REPO, 'test', 'fixtures', 'leak');
const BROWSER = browserPath();

/** Every marker starts with this; searching for it also finds a marker cut short (a chart label). */
const FAMILY = 'leak7f3a';

/** Markers in non-public places (fixture files named in the comment). */
const MARKERS = {
  // _data/activities.yaml: the non-public activity
  activityId: 'leak7f3a-activity-id',
  activityTitle: 'LEAK7F3A-ACTIVITY-TITLE',
  activityDescription: 'LEAK7F3A-ACTIVITY-DESCRIPTION',
  activityResponsible: 'LEAK7F3A-ACTIVITY-RESPONSIBLE',
  activityPartner: 'LEAK7F3A-ACTIVITY-PARTNER',
  activityStatusLabel: 'LEAK7F3A-ACTIVITY-STATUS-LABEL',
  activityMilestone: 'LEAK7F3A-ACTIVITY-MILESTONE',
  activityFunding: 'LEAK7F3A-ACTIVITY-FUNDING-PROGRAMME',
  activityKpi: 'LEAK7F3A-ACTIVITY-KPI',
  activityRisk: 'LEAK7F3A-ACTIVITY-RISK',
  activityNextStep: 'LEAK7F3A-ACTIVITY-NEXT-STEP',
  activityLinkTitle: 'LEAK7F3A-ACTIVITY-LINK-TITLE',
  activityLinkUrl: 'leak7f3a-activity-link-url',
  activityImageAlt: 'LEAK7F3A-ACTIVITY-IMAGE-ALT',
  imageFile: 'leak7f3a-image-file',
  imageContent: 'LEAK7F3A-IMAGE-FILE-CONTENT',
  addedActivityId: 'leak7f3a-added-activity-id',
  addedActivityTitle: 'LEAK7F3A-ADDED-ACTIVITY-TITLE',
  // vorher.yaml: a non-public activity that is gone since
  removedActivityTitle: 'LEAK7F3A-REMOVED-ACTIVITY-TITLE',
  // _data/activities.yaml: non-public parts of a public activity
  publicActivityMilestone: 'LEAK7F3A-MILESTONE-IN-PUBLIC-ACTIVITY',
  publicActivityKpi: 'LEAK7F3A-KPI-IN-PUBLIC-ACTIVITY',
  // _data/networks.yaml
  networkId: 'leak7f3a-network-id',
  networkName: 'LEAK7F3A-NETWORK-NAME',
  networkKind: 'LEAK7F3A-NETWORK-KIND',
  networkRole: 'LEAK7F3A-NETWORK-ROLE',
  networkDescription: 'LEAK7F3A-NETWORK-DESCRIPTION',
  networkUrl: 'leak7f3a-network-url',
  // _data/itBeirat.yaml
  memberId: 'leak7f3a-member-id',
  memberName: 'LEAK7F3A-NONPUBLIC-MEMBER-NAME',
  memberAffiliation: 'LEAK7F3A-NONPUBLIC-MEMBER-AFFILIATION',
  memberRole: 'LEAK7F3A-NONPUBLIC-MEMBER-ROLE',
  noConsentName: 'LEAK7F3A-MEMBER-WITHOUT-CONSENT-NAME',
  meetingTopic: 'LEAK7F3A-MEETING-TOPIC',
  recommendationId: 'leak7f3a-rec-id',
  recommendationTitle: 'LEAK7F3A-RECOMMENDATION-TITLE',
  recommendationText: 'LEAK7F3A-RECOMMENDATION-TEXT',
  recommendationResponse: 'LEAK7F3A-RECOMMENDATION-RESPONSE',
  addedRecommendationId: 'leak7f3a-added-rec-id',
  addedRecommendationTitle: 'LEAK7F3A-ADDED-RECOMMENDATION-TITLE',
  // sitzung.yaml
  consultationAgendaItem: 'LEAK7F3A-CONSULTATION-AGENDA-ITEM',
  consultationResult: 'LEAK7F3A-CONSULTATION-RESULT',
  slideId: 'leak7f3a-slide-id',
  slideTitle: 'LEAK7F3A-SLIDE-TITLE',
  slideBody: 'LEAK7F3A-SLIDE-BODY',
  slideNotes: 'LEAK7F3A-SLIDE-NOTES',
  slideImageAlt: 'LEAK7F3A-SLIDE-IMAGE-ALT',
  agendaItemTitle: 'LEAK7F3A-AGENDA-ITEM-TITLE',
  // _data/vergaben.yaml: custom data, shown by templates/slides/closing.hbs
  customDataTitle: 'LEAK7F3A-CUSTOM-DATA-TITLE',
  customDataNested: 'LEAK7F3A-CUSTOM-DATA-NESTED',
  // leak7f3a-geheim.yaml: a deck for a non-public session
  deckId: 'leak7f3a-geheim',
  deckTitle: 'LEAK7F3A-NONPUBLIC-DECK-TITLE',
  deckSubtitle: 'LEAK7F3A-NONPUBLIC-DECK-SUBTITLE',
  deckNotes: 'LEAK7F3A-NONPUBLIC-DECK-NOTES',
  deckBody: 'LEAK7F3A-NONPUBLIC-DECK-BODY',
} as const;
type MarkerName = keyof typeof MARKERS;

/**
 * Data that no template shows in any audience (consultations) or never shows by design (a name
 * without consent), and ids that no template writes (an activity's id appears only on its own
 * slide). They are searched for in the public build all the same: a template that starts
 * showing them must filter them.
 */
const NOT_RENDERED: ReadonlySet<MarkerName> = new Set([
  'consultationAgendaItem',
  'consultationResult',
  'noConsentName',
  'addedActivityId',
  'networkId',
  'memberId',
  'recommendationId',
  'addedRecommendationId',
]);

/** Ids of non-public items and the non-public deck's file: stderr may name these (never content). */
const MAY_BE_NAMED_ON_STDERR = [
  MARKERS.addedActivityId,
  MARKERS.activityId,
  MARKERS.networkId,
  MARKERS.memberId,
  MARKERS.addedRecommendationId,
  MARKERS.recommendationId,
  MARKERS.slideId,
  MARKERS.deckId,
];

/** Budget of the non-public activity (987.654 € plan) and the totals that would include it. */
const NONPUBLIC_AMOUNTS = ['987654', '987.654', '1138654', '1.138.654', '62345', '62.345', '395062', '395.062'];

/** Case, white space, soft hyphens and hyphens out: a marker broken over two lines still matches. */
function norm(s: string): string {
  return s.normalize('NFC').toLowerCase().replace(/[\s\u00ad\u200b\u2010\u2011-]+/g, '');
}

interface Corpus {
  /** Output file relative to its output folder, prefixed with the folder's label. */
  file: string;
  /** What was searched: "bytes", "name", "pdf text", "pdf text (drawn)", "pdf info", "xmp", "bookmarks", "objects". */
  part: string;
  /** Normalised text (see norm). */
  text: string;
}

function walkFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      out.push(p);
      if (statSync(p).isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

/** Every string and every decodable stream in the PDF's objects (Info, XMP, outline, /Alt, …). */
async function pdfObjectText(file: string): Promise<string> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const parts: string[] = [];
  const visit = (o: PDFObject | undefined): void => {
    if (o instanceof PDFString || o instanceof PDFHexString) parts.push(o.decodeText());
    else if (o instanceof PDFName) parts.push(o.decodeText());
    else if (o instanceof PDFArray) o.asArray().forEach(visit);
    else if (o instanceof PDFDict) for (const [, v] of o.entries()) visit(v);
    else if (o instanceof PDFRawStream) {
      visit(o.dict);
      try {
        parts.push(Buffer.from(decodePDFRawStream(o).decode()).toString('latin1'));
      } catch {
        // A filter pdf-lib cannot decode (images): the extracted text and the raw bytes cover the rest.
      }
    }
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj);
  return parts.join('\n');
}

const TEXT_FILES = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt']);

/** Everything a reader, a search engine or a PDF tool could get out of the output folders. */
async function corpus(dirs: Record<string, string>): Promise<Corpus[]> {
  const out: Corpus[] = [];
  for (const [label, dir] of Object.entries(dirs)) {
    for (const p of walkFiles(dir)) {
      const file = `${label}/${relative(dir, p).split(sep).join('/')}`;
      out.push({ file, part: 'name', text: norm(relative(dir, p)) });
      if (statSync(p).isDirectory()) continue;
      const bytes = readFileSync(p);
      // Raw bytes as Latin-1 and as UTF-16 (PDF text strings may be UTF-16BE).
      const latin1 = bytes.toString('latin1');
      out.push({ file, part: 'bytes', text: norm(latin1) });
      out.push({ file, part: 'bytes (UTF-16)', text: norm(latin1.replace(/\0/g, '')) });
      const ext = extname(p).toLowerCase();
      if (TEXT_FILES.has(ext)) out.push({ file, part: 'text', text: norm(bytes.toString('utf8')) });
      if (ext === '.pptx') {
        // Every XML part: slides, notes, chart data (and the workbooks embedded for it), metadata.
        for (const part of await pptxParts(bytes)) {
          out.push({ file: `${file}/${part.name}`, part: 'pptx xml', text: norm(part.text) });
          out.push({ file: `${file}/${part.name}`, part: 'pptx text', text: norm(officeXmlText(part.text)) });
        }
      }
      if (ext === '.pdf') {
        const read = await readPdf(p);
        out.push({ file, part: 'pdf text', text: norm(read.pages.map((pg) => pg.text).join('\n')) });
        out.push({ file, part: 'pdf text (drawn)', text: norm(read.pages.map((pg) => pg.raw).join('\n')) });
        out.push({ file, part: 'pdf info', text: norm(Object.entries(read.info).map(([k, v]) => `${k}: ${v}`).join('\n')) });
        out.push({ file, part: 'xmp', text: norm((await xmp(p)) ?? '') });
        out.push({ file, part: 'bookmarks', text: norm((await outline(p)).map((b) => b.title).join('\n')) });
        out.push({ file, part: 'objects', text: norm(await pdfObjectText(p)) });
      }
    }
  }
  return out;
}

/** "file [part]: MARKER, …" for every place a marker (or the start of one) was found. */
function leaks(items: Corpus[]): string[] {
  const found: string[] = [];
  for (const c of items) {
    if (!c.text.includes(FAMILY)) continue;
    const which = Object.values(MARKERS).filter((m) => c.text.includes(norm(m)));
    found.push(`${c.file} [${c.part}]: ${which.length ? which.join(', ') : 'a marker cut short'}`);
  }
  return found;
}

interface Run {
  code: number;
  stderr: string;
}

let tmp: string;
let project: string;
const pub: Record<string, string> = {};
const np: Record<string, string> = {};
let pubRuns: Run[] = [];
let npRuns: Run[] = [];
let pubCorpus: Corpus[];
let npCorpus: Corpus[];

async function ratsdeck(argv: string[]): Promise<Run> {
  const r = await runCli(argv, project, process.env);
  return { code: r.code, stderr: r.stderr + r.stdout };
}

/** The public (or non-public) outputs: deck folders with PDFs, single files, a notes handout. */
async function buildAll(audience: 'public' | 'nonpublic', dirs: Record<string, string>): Promise<Run[]> {
  const flag = audience === 'nonpublic' ? ['--nonpublic'] : [];
  const main = join(tmp, `${audience}-out`);
  const notes = join(tmp, `${audience}-notes`);
  dirs.out = main;
  dirs.notes = notes;
  return [
    // Deck folders, slides PDF and handout (layout 3), PowerPoint file, slide PNGs, archive.
    await ratsdeck(['build', ...flag, '--pdf', '--pptx', '--png', '--handout', '3', '--browser', BROWSER, '--out', main]),
    // Single files next to them (the archive is rewritten and links them).
    await ratsdeck(['build', ...flag, '--single-file', '--out', main]),
    // The handout with the speaker notes.
    await ratsdeck(['pdf', ...flag, '--handout', 'notes', '--no-slides', '--browser', BROWSER, '--out', notes]),
  ];
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-leak-'));
  project = join(tmp, 'projekt');
  cpSync(FIXTURE, project, { recursive: true });
  // After the May session: record both views, so the changes slide has non-public data on both sides.
  const frozen = await ratsdeck(['freeze', 'vorher', '--nonpublic', '--from-current-data']);
  expect(frozen.code, frozen.stderr).toBe(0);
  pubRuns = await buildAll('public', pub);
  npRuns = await buildAll('nonpublic', np);
  for (const r of [...pubRuns, ...npRuns]) expect(r.code, r.stderr).toBe(0);
  pubCorpus = await corpus(pub);
  npCorpus = await corpus(np);
}, 600_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The text of an HTML fragment, tags out and white space collapsed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/[ \t\r\n]+/g, ' ');

const pdfsIn = (dir: string) => walkFiles(dir).filter((f) => f.endsWith('.pdf'));

describe('the public build', () => {
  it('wrote every kind of output that is searched', async () => {
    const names = [...walkFiles(pub.out!), ...walkFiles(pub.notes!)].map((p) => relative(tmp, p).split(sep).join('/'));
    expect(names).toEqual(
      expect.arrayContaining([
        'public-out/index.html',
        'public-out/sitzung/index.html',
        'public-out/sitzung/handout.html',
        'public-out/sitzung/ratsdeck.json',
        'public-out/sitzung/sitzung.pdf',
        'public-out/sitzung/sitzung-handout.pdf',
        'public-out/sitzung/sitzung.pptx',
        'public-out/sitzung/png/01.png',
        'public-out/sitzung.html',
        'public-out/vorher/vorher.pdf',
        'public-out/vorher.html',
        'public-notes/sitzung/sitzung-handout.pdf',
        'public-notes/vorher/vorher-handout.pdf',
      ]),
    );
    // The PDFs are real: every one has pages with text.
    for (const f of [...pdfsIn(pub.out!), ...pdfsIn(pub.notes!)]) expect((await pageTexts(f)).join('').length, f).toBeGreaterThan(100);
  });

  it('contains no marker: not in any file, file name, PDF text, metadata, XMP, bookmark or PDF object', () => {
    expect(pubCorpus.length).toBeGreaterThan(100);
    expect(leaks(pubCorpus)).toEqual([]);
  });

  it('does not build the non-public session deck, and the archive does not list it', () => {
    expect(readdirSync(pub.out!).sort()).toEqual(['.ratsdeck-output.json', 'index.html', 'sitzung', 'sitzung.html', 'vorher', 'vorher.html']);
    const archive = readFileSync(join(pub.out!, 'index.html'), 'utf8');
    expect(archive).toContain('href="sitzung/index.html"');
    expect(archive).toContain('href="vorher/vorher.pdf"');
    expect(archive.match(/<tr>/g)).toHaveLength(2 + 1);
    expect(pubRuns[0]!.stderr).toMatch(/skipped leak7f3a-geheim\.yaml: the session is non-public/);
  });

  it('names left-out items on stderr by id at most, never by content', () => {
    let stderr = pubRuns.map((r) => r.stderr).join('\n');
    expect(stderr).toContain(`left out`);
    for (const id of MAY_BE_NAMED_ON_STDERR) stderr = stderr.split(id).join('<id>');
    expect(norm(stderr)).not.toContain(FAMILY);
  });

  it('computes totals and counts from public items only', () => {
    const html = readFileSync(join(pub.out!, 'sitzung', 'index.html'), 'utf8');
    const slides = slideSections(html);
    const budget = slides.filter((s) => s.type === 'budget').map((s) => s.html).join('\n');
    // Public plans 100.000 € + 50.000 €, actuals 40.000 € + 10.000 €.
    expect(budget).toContain('150.000\u00a0€');
    expect(budget).toContain('50.000\u00a0€');
    const texts = pubCorpus.filter((c) => c.part === 'text' || c.part === 'pdf text');
    for (const amount of NONPUBLIC_AMOUNTS) {
      expect(texts.filter((c) => c.text.includes(amount)).map((c) => `${c.file} (${c.part})`), amount).toEqual([]);
    }
    // Status counts: two public activities (green, yellow); the red ones are non-public.
    const status = textOf(slides.find((s) => s.type === 'activities' && s.html.includes('Status der Aktivitäten'))!.html);
    expect(status).toContain('Ampelstatus von 2 Aktivitäten – Grün – im Plan: 1; Gelb – mit Verzögerung: 1.');
    expect(status).toContain('Rot – gefährdet 0');
    // The selection by status (only non-public activities are red) is an empty table, not an error.
    const red = slides.find((s) => s.html.includes('Gefährdete Aktivitäten'))!.html;
    expect(red).toContain('Keine Einträge');
  });

  it('shows a non-public agenda item by its number only, and a member without consent by affiliation', () => {
    const html = readFileSync(join(pub.out!, 'sitzung', 'index.html'), 'utf8');
    const agenda = slideSections(html).find((s) => s.type === 'agenda')!.html;
    expect(agenda).toMatch(/<li class="rd-agenda__nonpublic"><span class="rd-agenda__top">N 2<\/span> <em>nichtöffentlich<\/em><\/li>/);
    const itbeirat = slideSections(html).find((s) => s.type === 'itbeirat')!.html;
    expect(itbeirat).toContain('<li>Institut ohne Einwilligung</li>');
    expect(itbeirat).toContain('<strong>Dr. Genannte Person</strong>, Hochschule Beispielstadt');
  });

  it('gives a project template the public part of custom data', () => {
    const html = readFileSync(join(pub.out!, 'sitzung', 'index.html'), 'utf8');
    const closing = slideSections(html).find((s) => s.type === 'closing')!.html;
    expect(closing).toContain('<li>Öffentliche Vergabe Bürodrucker: Öffentliche Einzelheiten</li><li>Öffentliche Vergabe mit vertraulichem Anhang</li></ul>');
  });

  it('shows public changes since the frozen session, and no non-public one', () => {
    const html = readFileSync(join(pub.out!, 'sitzung', 'index.html'), 'utf8');
    const changes = slideSections(html)
      .filter((s) => s.type === 'changes')
      .map((s) => s.html)
      .join('\n');
    expect(changes).toContain('Online-Dienste der Stadt: Gelb – verzögert → Grün – im Plan');
    expect(changes).toContain('Öffentliche Empfehlung: offen → in Umsetzung');
    // The non-public milestone of the public activity was reached, but that is not public.
    expect(changes).not.toContain('Meilensteine erreicht');
    expect(changes).not.toContain('Neue Aktivitäten');
    expect(changes).not.toContain('Nicht mehr enthalten');
    expect(changes).not.toContain('Neue Empfehlungen');
  });

  it('carries no NICHTÖFFENTLICH mark', async () => {
    for (const f of walkFiles(pub.out!).filter((p) => p.endsWith('.html'))) {
      expect(readFileSync(f, 'utf8'), f).not.toContain('NICHTÖFFENTLICH');
    }
    for (const f of [...pdfsIn(pub.out!), ...pdfsIn(pub.notes!)]) {
      expect((await pageTexts(f)).join('\n'), f).not.toContain('NICHTÖFFENTLICH');
      expect((await pdfInfo(f)).Keywords ?? '', f).not.toMatch(/nichtöffentlich/i);
    }
  });

  it('froze the public view of the previous session without non-public content', () => {
    const pubSnap = readFileSync(join(project, '_sessions', 'vorher.json'), 'utf8');
    const npSnap = readFileSync(join(project, '_sessions', 'vorher-nichtoeffentlich.json'), 'utf8');
    const content = Object.values(MARKERS).filter((m) => m !== m.toLowerCase());
    expect(content.filter((m) => norm(pubSnap).includes(norm(m)))).toEqual([]);
    expect(npSnap).toContain(MARKERS.activityTitle);
    expect(npSnap).toContain(MARKERS.removedActivityTitle);
  });

  // BUG (src/audience/select.ts, publicItBeirat; same in publicSnapshot): a public recommendation
  // keeps `activities: [...]` ids of non-public activities, so the public snapshot
  // _sessions/vorher.json names "leak7f3a-activity-id". No rendered output shows it (the slide
  // maps ids to public titles), but the snapshot is committed with the project and a custom
  // template could print the list. The ids should be filtered like the activities themselves.
  it('froze the public view without even the ids of non-public items', () => {
    const pubSnap = readFileSync(join(project, '_sessions', 'vorher.json'), 'utf8');
    expect(norm(pubSnap)).not.toContain(FAMILY);
  });
});

describe('the non-public build (so that the search above is known to find markers)', () => {
  const found = (pred: (c: Corpus) => boolean, marker: string) =>
    npCorpus.filter((c) => pred(c) && c.text.includes(norm(marker))).map((c) => `${c.file} (${c.part})`);

  it('shows every marker that a template renders', () => {
    const missing = (Object.keys(MARKERS) as MarkerName[])
      .filter((k) => !NOT_RENDERED.has(k))
      .filter((k) => found((c) => c.part === 'text' || c.part === 'name', MARKERS[k]).length === 0);
    expect(missing).toEqual([]);
  });

  it('is reported by the same search the public build passes, in every part it searches', () => {
    const reported = leaks(npCorpus);
    const parts = new Set(reported.map((r) => /\[([^\]]+)\]: /.exec(r)![1]));
    expect([...parts].sort()).toEqual(
      ['bookmarks', 'bytes', 'bytes (UTF-16)', 'name', 'objects', 'pdf info', 'pdf text', 'pdf text (drawn)', 'pptx text', 'pptx xml', 'text', 'xmp'].sort(),
    );
  });

  it('builds the non-public session deck and lists it in the non-public archive', () => {
    expect(readdirSync(np.out!).sort()).toEqual([
      '.ratsdeck-output-nichtoeffentlich.json',
      'index-nichtoeffentlich.html',
      'leak7f3a-geheim-nichtoeffentlich',
      'leak7f3a-geheim-nichtoeffentlich.html',
      'sitzung-nichtoeffentlich',
      'sitzung-nichtoeffentlich.html',
      'vorher-nichtoeffentlich',
      'vorher-nichtoeffentlich.html',
    ]);
    const archive = readFileSync(join(np.out!, 'index-nichtoeffentlich.html'), 'utf8');
    expect(archive).toContain(MARKERS.deckTitle);
    expect(archive).toContain('href="leak7f3a-geheim-nichtoeffentlich/leak7f3a-geheim-nichtoeffentlich.pdf"');
  });

  it('has markers in each place the public search looks', () => {
    const slidesPdf = (c: Corpus) => c.file === 'out/sitzung-nichtoeffentlich/sitzung-nichtoeffentlich.pdf';
    const notesPdf = (c: Corpus) => c.file === 'notes/sitzung-nichtoeffentlich/sitzung-nichtoeffentlich-handout.pdf';
    const deckPdf = (c: Corpus) => c.file === 'out/leak7f3a-geheim-nichtoeffentlich/leak7f3a-geheim-nichtoeffentlich.pdf';
    const part = (p: string, f: (c: Corpus) => boolean) => (c: Corpus) => c.part === p && f(c);
    // File and folder names: the image of the non-public slide, the non-public deck's folder.
    expect(found((c) => c.part === 'name', MARKERS.imageFile).length).toBeGreaterThan(0);
    expect(found((c) => c.part === 'name', MARKERS.deckId).length).toBeGreaterThan(0);
    // Bytes of an asset (the SVG's own <title>).
    expect(found((c) => c.part === 'bytes', MARKERS.imageContent).length).toBeGreaterThan(0);
    // Extracted PDF text: slides, notes, the changes slide with non-public data on both sides
    // (in drawing order: reading order interleaves two columns, which splits a marker).
    for (const m of [MARKERS.activityTitle, MARKERS.slideBody, MARKERS.networkDescription, MARKERS.removedActivityTitle, MARKERS.publicActivityMilestone]) {
      expect(found(part('pdf text (drawn)', slidesPdf), m), m).toHaveLength(1);
    }
    expect(found(part('pdf text (drawn)', notesPdf), MARKERS.slideNotes)).toHaveLength(1);
    // Metadata, XMP, bookmarks and PDF objects (the image's /Alt in the tag tree).
    expect(found(part('pdf info', deckPdf), MARKERS.deckTitle)).toHaveLength(1);
    expect(found(part('xmp', deckPdf), MARKERS.deckTitle)).toHaveLength(1);
    expect(found(part('bytes', deckPdf), MARKERS.deckTitle)).toHaveLength(1);
    expect(found(part('bookmarks', slidesPdf), MARKERS.slideTitle)).toHaveLength(1);
    expect(found(part('objects', slidesPdf), MARKERS.slideImageAlt)).toHaveLength(1);
    expect(found(part('objects', slidesPdf), MARKERS.activityImageAlt)).toHaveLength(1);
    // A link's target is only in a link annotation (/URI), not in the text.
    expect(found(part('objects', slidesPdf), MARKERS.activityLinkUrl)).toHaveLength(1);
  });

  it('carries -nichtoeffentlich in every output name', () => {
    for (const dir of [np.out!, np.notes!]) {
      for (const name of readdirSync(dir)) expect(name, dir).toMatch(/^index-nichtoeffentlich\.html$|^\.ratsdeck-output-nichtoeffentlich\.json$|-nichtoeffentlich(\.html)?$/);
      for (const f of pdfsIn(dir)) expect(f).toMatch(/-nichtoeffentlich(-handout)?\.pdf$/);
    }
  });

  it('marks every slide and every PDF page NICHTÖFFENTLICH, and says so in the PDF metadata', async () => {
    const decks = walkFiles(np.out!).filter((p) => p.endsWith('/index.html') || /.-nichtoeffentlich\.html$/.test(p) && !p.endsWith('/index-nichtoeffentlich.html'));
    expect(decks).toHaveLength(6);
    for (const f of decks) {
      const slides = slideSections(readFileSync(f, 'utf8'));
      expect(slides.length, f).toBeGreaterThan(1);
      for (const s of slides) expect(s.html, `${f} slide ${s.number}`).toContain('<p class="rd-nonpublic-mark">NICHTÖFFENTLICH</p>');
    }
    const pdfs = [...pdfsIn(np.out!), ...pdfsIn(np.notes!)];
    expect(pdfs).toHaveLength(9);
    for (const f of pdfs) {
      const pages = await pageTexts(f);
      expect(pages.length, f).toBeGreaterThan(0);
      pages.forEach((text, i) => expect(text, `${f} page ${i + 1}`).toContain('NICHTÖFFENTLICH'));
      const info = await pdfInfo(f);
      expect(info.Title, f).toMatch(/ – NICHTÖFFENTLICH$/);
      expect(info.Keywords, f).toMatch(/nichtöffentlich/);
      expect(await xmp(f), f).toMatch(/nichtöffentlich/i);
    }
  });

  it('computes totals and counts from all items', () => {
    const slides = slideSections(readFileSync(join(np.out!, 'sitzung-nichtoeffentlich', 'index-nichtoeffentlich.html'), 'utf8'));
    const budget = slides
      .filter((s) => s.type === 'budget')
      .map((s) => s.html)
      .join('\n');
    expect(budget).toContain('1.138.654\u00a0€');
    expect(budget).toContain('987.654\u00a0€');
    const status = textOf(slides.find((s) => s.type === 'activities' && s.html.includes('Status der Aktivitäten'))!.html);
    expect(status).toContain('Ampelstatus von 4 Aktivitäten');
    expect(status).toContain('Rot – gefährdet 2');
  });
});

it('the fixture plants each marker in the project (and nowhere public)', () => {
  // Guards the fixture itself: a marker that is not in any file tests nothing.
  const files = walkFiles(FIXTURE).filter((f) => statSync(f).isFile());
  const text = files.map((f) => `${relative(FIXTURE, f)}\n${readFileSync(f, 'utf8')}`).join('\n');
  for (const m of Object.values(MARKERS)) expect(text, m).toContain(m);
  expect(existsSync(join(FIXTURE, '_sessions'))).toBe(false);
});

/**
 * After the sessions (issue 9): `vorher` and `sitzung` are frozen, `naechste` follows `sitzung`.
 * Then today's _data withdraws public items (`public: false`) and a member's consent. Every
 * public output — the frozen decks, the next deck and its changes slide, the archive, the
 * PDFs — must lose them; the non-public build still shows them (so the search is known to see
 * them). `vorher.yaml` carries its own copy of the activities: the _data flag wins there too.
 */
describe('after the sessions: today\'s public: false and withdrawn consent win over the snapshots', () => {
  /** Public in the snapshots, withdrawn in today's _data (fixture files named in the edits below). */
  const WITHDRAWN = [
    'Studie zur Kartierung',
    'Öffentliche Beschreibung der Studie',
    'Öffentlicher Zwischenbericht',
    'Öffentlicher Meilenstein erreicht',
    'Online verfügbare Leistungen',
    'Öffentliches Netzwerk',
    'Öffentliche Beschreibung des Netzwerks',
    'Dr. Genannte Person',
    'Öffentliches Sitzungsthema',
    'Öffentliche Empfehlung',
    'Öffentlicher Empfehlungstext',
  ];
  let later: string;
  let dir: string;
  const out: Record<string, string> = {};
  let pubItems: Corpus[];
  let npItems: Corpus[];
  const rd = async (argv: string[]) => {
    const r = await runCli(argv, dir, process.env);
    expect(r.code, `${argv.join(' ')}\n${r.stderr}`).toBe(0);
    return r.stderr;
  };
  const edit = (rel: string, from: string, to: string) => {
    const f = join(dir, rel);
    const text = readFileSync(f, 'utf8');
    expect(text, `${from} in ${rel}`).toContain(from);
    writeFileSync(f, text.replace(from, to));
  };

  beforeAll(async () => {
    later = mkdtempSync(join(tmpdir(), 'ratsdeck-leak-later-'));
    dir = join(later, 'projekt');
    cpSync(FIXTURE, dir, { recursive: true });
    await rd(['freeze', 'vorher', '--nonpublic', '--from-current-data']);
    await rd(['freeze', 'sitzung', '--nonpublic', '--from-current-data']);
    await rd(['new', 'naechste.yaml', '--from', 'sitzung', '--date', '2021-12-09', '--top', 'Ö 2']);
    // Today's _data: public items withdrawn, consent withdrawn, and one public change.
    edit('_data/activities.yaml', '- id: oeffentlich-zwei\n', '- id: oeffentlich-zwei\n  public: false\n');
    edit('_data/activities.yaml', '    - title: Öffentlicher Meilenstein erreicht\n      due: 2021-03-31\n      done: true\n', '    - title: Öffentlicher Meilenstein erreicht\n      due: 2021-03-31\n      done: true\n      public: false\n');
    edit('_data/activities.yaml', '    - name: Online verfügbare Leistungen\n', '    - name: Online verfügbare Leistungen\n      public: false\n');
    edit('_data/activities.yaml', '  progress: 50\n', '  progress: 60\n');
    edit('_data/networks.yaml', '- id: netz-oeffentlich\n', '- id: netz-oeffentlich\n  public: false\n');
    edit('_data/itBeirat.yaml', '    role: Vorsitz\n    consent: true\n', '    role: Vorsitz\n    consent: false\n');
    edit('_data/itBeirat.yaml', '  - date: 2021-03-18\n    topics:\n', '  - date: 2021-03-18\n    public: false\n    topics:\n');
    edit('_data/itBeirat.yaml', '  - id: empf-oeffentlich\n', '  - id: empf-oeffentlich\n    public: false\n');
    out.pub = join(later, 'public-out');
    out.np = join(later, 'nonpublic-out');
    await rd(['build', '--pdf', '--browser', BROWSER, '--out', out.pub]);
    await rd(['build', '--nonpublic', '--out', out.np]);
    pubItems = await corpus({ out: out.pub });
    npItems = await corpus({ out: out.np });
  }, 600_000);

  afterAll(() => {
    if (later) rmSync(later, { recursive: true, force: true });
  });

  const hits = (items: Corpus[], s: string) => items.filter((c) => c.text.includes(norm(s))).map((c) => `${c.file} [${c.part}]`);

  it('built the frozen decks from their snapshots, with their PDFs', () => {
    for (const id of ['vorher', 'sitzung', 'naechste']) {
      for (const f of [`${id}/index.html`, `${id}/${id}.pdf`, `${id}/${id}-handout.pdf`]) expect(existsSync(join(out.pub!, f)), f).toBe(true);
    }
    // The PDFs are searched: text the public may see is found in them.
    expect(hits(pubItems, 'Online-Dienste der Stadt').filter((h) => h.includes('.pdf [pdf text]')).length).toBeGreaterThanOrEqual(6);
  });

  it('no public output shows what today\'s data withdrew: not the frozen decks, the changes, the archive or a PDF', () => {
    expect(WITHDRAWN.flatMap((s) => hits(pubItems, s).map((h) => `${s}: ${h}`))).toEqual([]);
  });

  it('the non-public build still shows each of them (positive control)', () => {
    const text = (c: Corpus) => c.part === 'text';
    for (const s of WITHDRAWN) expect(hits(npItems.filter(text), s), s).not.toEqual([]);
    // In the frozen decks too, not only in today's deck (vorher.yaml has its own copy of the data).
    expect(hits(npItems.filter(text), 'Dr. Genannte Person')).toContain('out/sitzung-nichtoeffentlich/index-nichtoeffentlich.html [text]');
    expect(hits(npItems.filter(text), 'Studie zur Kartierung')).toEqual(expect.arrayContaining(['out/vorher-nichtoeffentlich/index-nichtoeffentlich.html [text]', 'out/sitzung-nichtoeffentlich/index-nichtoeffentlich.html [text]']));
  });

  it('the next deck\'s changes slide shows the public change and does not name the withdrawn items', () => {
    const html = readFileSync(join(out.pub!, 'naechste', 'index.html'), 'utf8');
    const changes = textOf(slideSections(html).filter((s) => s.type === 'changes').map((s) => s.html).join('\n'));
    expect(changes).toContain('Online-Dienste der Stadt: 50\u00a0% → 60\u00a0%');
    expect(changes).not.toContain('Nicht mehr enthalten');
    for (const s of WITHDRAWN) expect(changes, s).not.toContain(s);
  });

  it('shows the member whose consent was withdrawn by affiliation only', () => {
    const html = readFileSync(join(out.pub!, 'sitzung', 'index.html'), 'utf8');
    const itbeirat = slideSections(html).find((s) => s.type === 'itbeirat')!.html;
    expect(itbeirat).toContain('<li>Hochschule Beispielstadt <span class="rd-member__role">(Vorsitz)</span></li>');
  });
});
