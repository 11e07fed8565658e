/** Paths into loaded data (`['slides', 3, 'title']`) and how users see them (`slides[3].title`). */
export type PathSeg = string | number;

export function pathKey(path: readonly PathSeg[]): string {
  return path.map(String).join('\u0001');
}

/** Formats a path the way users see it in messages: `slides[3].title`. */
export function formatPath(path: readonly PathSeg[]): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s === '' ? seg : `.${seg}`;
  }
  return s;
}
