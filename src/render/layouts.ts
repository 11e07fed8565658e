/**
 * The handout layouts: a leaf module without dependencies, so that the command line can list
 * them in its help without loading the renderer (issue 15).
 */
export const HANDOUT_LAYOUTS = ['1', '2', '3', '4', '6', 'notes'] as const;
export type HandoutLayout = (typeof HANDOUT_LAYOUTS)[number];

/** Slides per A4 page for each handout layout. */
export const HANDOUT_PER_PAGE: Record<HandoutLayout, number> = { '1': 1, '2': 2, '3': 3, '4': 4, '6': 6, notes: 1 };
/** The handout layouts that print the speaker notes (beside or below each slide); the others have none. */
export const HANDOUT_WITH_NOTES: readonly HandoutLayout[] = ['3', 'notes'];

/** PDFs printed (or decks worked on) at the same time in one browser, unless --jobs says otherwise. */
export const DEFAULT_JOBS = 2;
export const DEFAULT_HANDOUT: HandoutLayout = '3';
