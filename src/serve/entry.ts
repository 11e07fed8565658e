/** One deck as the preview server holds it between rebuilds. */
import type { Attempt, GoodBuild } from './decks.js';

export interface Entry {
  file: string;
  /** The URL segment (servedId): the name `build` gives the deck's output folder. */
  id: string;
  good?: GoodBuild;
  last?: Attempt;
  /** What the page shows (the good build, and the errors of the latest attempt, if any). */
  shown?: string;
  /** The build an open page must show; a page that shows another one reloads. */
  version: string;
  /** The problems last printed, so that unchanged warnings are not repeated on every save. */
  printed?: string;
  /** The non-public items last reported as left out. */
  removed?: string;
}

/** What the preview serves: one deck file, or the decks of a folder (with an index page). */
export type Mode = { kind: 'deck'; file: string } | { kind: 'folder'; dir: string };
