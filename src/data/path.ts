/** Paths into loaded data (`['slides', 3, 'title']`) and how users see them (`slides[3].title`). */
import type { PathSeg } from '../errors.js';

export { formatPath, type PathSeg } from '../errors.js';

export function pathKey(path: readonly PathSeg[]): string {
  return path.map(String).join('\u0001');
}

