/**
 * What a slide type is: one module (src/slides/<type>.ts) with its schema, the references it
 * checks, and its view (the typed data its template templates/slides/<type>.hbs shows). The
 * registry (index.ts) builds the schema union and the type list from these modules.
 */
import type { z } from '../model/zod.js';
import type { Activity, ValidDeck } from '../model/schema.js';
import type { Changes } from '../model/snapshot.js';
import type { PathSeg } from '../model/raw.js';
import type { Labels, Lang } from '../render/i18n.js';
import type { DeckView } from '../render/view.js';
import type { SlideCanvas } from '../pptx/canvas.js';

/** What a slide's view may read: the audience-selected deck and the deck's view. */
export interface ViewContext {
  deck: ValidDeck;
  dv: DeckView;
  lang: Lang;
  L: Labels;
  /** A non-public build (names of IT-Beirat members without consent are shown there). */
  nonpublic: boolean;
  /** Changes since earlier sessions, by the deck id compared with. */
  changes?: Record<string, Changes> | undefined;
  /** The day the timeline marks as today. */
  today: string;
  activities: Activity[];
  activityById: Map<string, Activity>;
  /**
   * The deck's other slide entries as they are shown, for the agenda: filled for modules with
   * `outline: true`, whose view runs after the others'; empty for the rest.
   */
  outline: OutlineEntry[];
}

/** One entry of `slides:` as shown: what an agenda lists. */
export interface OutlineEntry {
  /** Index in the deck's `slides:`. */
  source: number;
  type: string;
  /** The title of its first slide. */
  title: string;
  /** The title written on the entry (`title:`), if any. */
  ownTitle: string | undefined;
  /** Slides it shows, continuations not counted (an `activity` entry: one per activity). */
  items: number;
}

/** One slide shown, of the one or more a `slides:` entry expands to. */
export interface SlidePage<D> {
  /** What the template shows as `slide.data`. */
  data: D;
  title: string;
  continued?: boolean;
  illustrative?: boolean;
  /** Speaker notes. Absent: the entry's own `notes:`; present and undefined: none (continuations). */
  notes?: string | undefined;
  /** `data-rd-item` on the slide: the id of the item it shows (an activity). */
  item?: string;
}

/** Why a slide shows nothing: what to tell the author (English, like every CLI message). */
export interface EmptyReason {
  /** "select matches no activity, so the slide shows only \"no entries\"". */
  message: string;
  hint: string;
}

/** An id a slide refers to, checked by validate.ts against the ids the deck defines. */
export interface Reference {
  /** Path inside the slide, e.g. ['select', 'ids', 0]. */
  path: PathSeg[];
  id: unknown;
  kind: 'activity' | 'network' | 'recommendation';
}

/** The frozen session a slide compares with (checked by the pipeline: _sessions/<deck>.json). */
export interface SnapshotReference {
  /** The deck id, or undefined when neither the slide nor the deck names one. */
  deck: string | undefined;
  /** Where to point at: a path inside the slide ([] for the slide itself). */
  path: PathSeg[];
}

/**
 * A slide type. `S` is the slide's data as its schema gives it, `D` the data of its template.
 * Adding a type: a module exporting `schema` and `slide: SlideModule`, an entry in index.ts,
 * the template templates/slides/<type>.hbs, and a test.
 */
export interface SlideModule<S extends { type: string } = { type: string }, D = unknown> {
  type: S['type'];
  schema: z.ZodType<S>;
  /**
   * Ids this slide refers to. Runs on the loaded values before (and whatever) the schema said,
   * so it reads them defensively.
   */
  references?(slide: Record<string, unknown>): Reference[];
  /** The frozen session this slide needs, if it needs one. */
  snapshot?(slide: S, deck: ValidDeck): SnapshotReference;
  /**
   * Why this slide has nothing to show with this deck's data (a selection that matches nothing,
   * no data of its kind), for a warning at the slide's line; undefined when it shows something.
   * Reads the same selection as `view`, without rendering, so validate can ask it too.
   */
  empty?(slide: S, deck: ValidDeck): EmptyReason | undefined;
  /** Its view reads `ctx.outline` (the agenda): it runs after every other slide's view. */
  outline?: boolean;
  /** The slides this entry expands to (tables continue on further slides). */
  view(slide: S, ctx: ViewContext): SlidePage<D>[] | Promise<SlidePage<D>[]>;
  /** The PowerPoint rendering of one page: the same view data, a second renderer beside the template. */
  pptx: PptxRenderer<D>;
}

/** What a slide's PowerPoint rendering may read besides its view data. */
export interface PptxSlideContext {
  /** The deck's view: city, committee, session, logo, footer. */
  dv: DeckView;
  /** The page's title ("… (Fortsetzung)" on continued pages). */
  title: string;
  continued: boolean;
}

/**
 * A slide type's PowerPoint rendering (src/pptx/deck.ts draws the frame: bar, footer with the
 * session line and "Folie N von M", the marks; and the title unless `ownTitle`).
 */
export interface PptxRenderer<D> {
  /** The slide lays out its own title (title page, section divider, closing). */
  ownTitle?: boolean;
  draw(data: D, ctx: PptxSlideContext, canvas: SlideCanvas): void;
}
