/**
 * The pages `ratsdeck serve` makes itself: a deck page (the last good build with the reload
 * script, and the error overlay when the latest change has errors) and the index of a folder.
 */
import type { Audience } from '../audience/index.js';
import { capProblems, formatMore, formatProblem } from '../errors.js';
import { DATA_DIR } from '../project/project.js';
import type { Entry, Mode } from './entry.js';
import { errorOverlay, escapeHtml, injectBeforeBodyEnd, page, reloadScript } from './inject.js';

export interface PageContext {
  mode: Mode;
  /** Where the decks of a one-deck preview live (the project folder). */
  root: string;
  audience: Audience;
  /** Folder that paths in messages are relative to. */
  cwd: string;
  rel: (p: string) => string;
}

/**
 * The lines of the error overlay: the errors of the latest attempt, as `validate` prints them,
 * a few per file (capProblems) and "… and N more".
 */
export function overlayLines(e: Entry, cwd: string): string[] {
  const a = e.last;
  if (!a || a.ok) return [];
  const errors = a.problems.filter((p) => p.severity === 'error');
  const lines = capProblems(errors).map((item) => ('problem' in item ? formatProblem(item.problem, cwd) : formatMore(item.file, item.more, cwd)));
  if (a.failure) lines.push(a.failure.message);
  return lines;
}

function backLink(ctx: PageContext): string {
  return ctx.mode.kind === 'folder' ? '<p><a href="/">All decks</a></p>\n' : '';
}

/** A deck's page and its status: 200 with the deck, 404 when skipped, 500 with nothing good to show. */
export function deckPage(e: Entry, ctx: PageContext): { status: number; html: string } {
  const a = e.last;
  const script = reloadScript(e.id, e.version);
  if (a?.skipped) {
    const body = `<h1>${escapeHtml(e.id)}</h1>\n<p>Not shown: ${escapeHtml(a.skipped)}.</p>\n${backLink(ctx)}${script}`;
    return { status: 404, html: page(`${e.id} – ratsdeck`, body) };
  }
  const failing = !!a && !a.ok;
  const overlay = failing
    ? errorOverlay({
        heading: e.good
          ? `${e.id}: the last change has errors — showing the last good version`
          : `${e.id}: the deck has errors — nothing to show until they are fixed`,
        lines: overlayLines(e, ctx.cwd),
        ...(a.failure?.hint ? { hint: a.failure.hint } : {}),
      })
    : '';
  if (!e.good) {
    const body = `<h1>${escapeHtml(e.id)}</h1>\n${backLink(ctx)}${overlay}\n${script}`;
    return { status: 500, html: page(`${e.id}: errors – ratsdeck`, body) };
  }
  return { status: 200, html: injectBeforeBodyEnd(e.good.html, `${overlay}${overlay ? '\n' : ''}${script}`) };
}

/** The index of a folder's decks, with each one's state. */
export function indexPage(entries: Entry[], indexVersion: string, ctx: PageContext): string {
  const items = [...entries]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((e) => {
      const a = e.last;
      const href = `/${encodeURIComponent(e.id)}/`;
      const file = escapeHtml(ctx.rel(e.file));
      if (a?.skipped) return `<li>${escapeHtml(e.id)} <span class="status">${file} · not shown: ${escapeHtml(a.skipped)}</span></li>`;
      const title = escapeHtml(e.good?.title ?? e.id);
      const status = !a || a.ok
        ? `<span class="status">${file} · ${e.good?.slides ?? 0} slides</span>`
        : `<span class="status error">${file} · errors${e.good ? ' — showing the last good version' : ''}</span>`;
      return `<li><a href="${href}">${title}</a><br>${status}</li>`;
    })
    .join('\n');
  const n = entries.length;
  const where = escapeHtml(ctx.rel(ctx.mode.kind === 'folder' ? ctx.mode.dir : ctx.root));
  const body = `<h1>ratsdeck: ${n} deck${n === 1 ? '' : 's'} in ${where}</h1>
<ul>
${items}
</ul>
<p class="status">Open pages reload when a deck file, ratsdeck.yaml, ${DATA_DIR}/, templates/ or themes/ change.${
    ctx.audience === 'nonpublic' ? ' <strong>Non-public version.</strong>' : ''
  }</p>
${reloadScript(null, indexVersion)}`;
  return page('ratsdeck serve', body);
}
