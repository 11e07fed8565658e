/**
 * Asset paths (logo, images): resolved against the folder of the file that names them, and
 * never allowed to leave the project folder.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { formatPath, type PathSeg } from '../data/yaml.js';
import type { Problem } from '../errors.js';
import type { RawDeck } from '../model/raw.js';
import { displayPath } from '../paths.js';
import type { Project } from './discovery.js';
import { isPlainObject } from './merge.js';
import { SVG_HINT, svgFileProblem } from '../bundle/svg.js';

/** Walks the merged value for image objects ({src, alt}) under keys logo/image. */
function findImages(value: unknown, path: PathSeg[] = [], out: { path: PathSeg[]; src: string }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => findImages(v, [...path, i], out));
  else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'logo' || k === 'image') && isPlainObject(v) && typeof v.src === 'string') {
        out.push({ path: [...path, k, 'src'], src: v.src });
      } else findImages(v, [...path, k], out);
    }
  }
  return out;
}

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp'];


/**
 * Checks every image path and rewrites it, in place, to a path relative to the project root
 * (forward slashes), which is what the render and bundle stages expect.
 */
export function checkAssetPaths(raw: RawDeck, project: Project): Problem[] {
  const problems: Problem[] = [];
  let rootReal: string;
  try {
    rootReal = realpathSync(project.root);
  } catch {
    rootReal = project.root;
  }
  const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);
  for (const img of findImages(raw.value)) {
    const at = raw.locate(img.path);
    const mk = (message: string, hint?: string) => {
      const p: Problem = { ...at, path: formatPath(img.path), message, severity: 'error' };
      if (hint) p.hint = hint;
      problems.push(p);
    };
    const drive = /^[A-Za-z]:[\\/]/.test(img.src);
    if (/^[a-z][a-z0-9+.-]*:/i.test(img.src) && !drive) {
      mk(`image "${img.src}" is not a local file`, 'ratsdeck decks load nothing from other hosts: save the image in the project and give its path');
      continue;
    }
    const base = at.file.startsWith('<') ? project.root : dirname(at.file);
    // Absolute paths break when the project moves, and may name any file on the disk.
    if (isAbsolute(img.src) || drive || img.src.startsWith('\\')) {
      mk(`image path "${img.src}" is absolute`, `write it relative to ${displayPath(at.file, project.root)}, for example assets/logo.png`);
      continue;
    }
    const abs = resolve(base, img.src);
    // Checked before looking at the disk, so that nothing outside the project is even probed.
    if (!inside(resolve(project.root), abs)) {
      mk(`image "${img.src}" is outside the project folder`, 'copy it into the project, for example into assets/');
      continue;
    }
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      mk(`image file "${img.src}" not found`, `looked for ${displayPath(abs, project.root)}`);
      continue;
    }
    if (!inside(rootReal, real)) {
      mk(`image "${img.src}" is a link to a file outside the project folder`, 'copy the file into the project instead of linking to it');
      continue;
    }
    if (!IMAGE_EXTENSIONS.includes(extname(real).toLowerCase())) {
      mk(`"${img.src}" is not an image ratsdeck can embed`, `use one of ${IMAGE_EXTENSIONS.join(', ')}`);
      continue;
    }
    if (!statSync(real).isFile()) {
      mk(`image "${img.src}" is not a file`);
      continue;
    }
    // Sanitised when copied (bundle/svg.ts); what cannot be cleaned is refused here, at its line.
    const svg = svgFileProblem(real);
    if (svg) {
      mk(`image "${img.src}" ${svg}`, SVG_HINT);
      continue;
    }
    // Rewrite in place to a root-relative POSIX path.
    let parent: unknown = raw.value;
    for (const seg of img.path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[seg];
    (parent as Record<string, unknown>).src = relative(rootReal, real).split(sep).join('/');
  }
  return problems;
}
