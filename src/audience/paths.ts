/** Paths into the deck model, for messages and for telling text from references. */
import type { PathSeg } from '../errors.js';

export { formatPath } from '../errors.js';

/**
 * Keys whose values are references to ids defined elsewhere, flags or settings: not text anyone
 * reads. Ids themselves are text (slide anchors, data attributes): a name in one is found.
 */
const NOT_TEXT = new Set(['ids', 'type', 'public', 'consent', 'predecessor', 'since', 'committee', 'browser', 'theme', 'lang']);

/** Whether the string at `path` is a reference or setting rather than text. */
export function isNotText(path: readonly PathSeg[]): boolean {
  const key = [...path].reverse().find((s): s is string => typeof s === 'string');
  // A recommendation's `activities:` lists activity ids.
  return (key !== undefined && NOT_TEXT.has(key)) || (key === 'activities' && path.includes('recommendations') && typeof path[path.length - 1] === 'number');
}

