/**
 * What `ratsdeck serve` adds to the pages it serves: the live-reload script and the error
 * overlay. Only served HTML gets these; the build output never does.
 *
 * The deck's Content-Security-Policy (templates/layouts/deck.hbs) allows inline scripts and
 * styles and connect-src 'self', so the inline script and an EventSource to the same origin
 * work under it.
 */

export const EVENTS_PATH = '/__ratsdeck/events';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside an inline <script> (cannot close it or open a comment). */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The reload script. `deck` is the deck this page shows (null for the index page) and
 * `version` the build it shows. On connecting (again) the server says which versions are
 * current, so a change made while the page was loading, or a restarted server, also reloads.
 * location.reload() keeps the #/n hash, and with it reveal's current slide.
 */
export function reloadScript(deck: string | null, version: string): string {
  return `<script data-ratsdeck-serve>
(function () {
  var deck = ${scriptJson(deck)}, version = ${scriptJson(version)};
  var overlay = document.getElementById('ratsdeck-errors');
  var close = overlay && overlay.querySelector('button');
  if (close) close.addEventListener('click', function () { overlay.hidden = true; });
  if (!window.EventSource) return;
  var es = new EventSource(${scriptJson(EVENTS_PATH)} + (deck ? '?deck=' + encodeURIComponent(deck) : ''));
  function check(current) {
    if (current !== undefined && current !== version) { es.close(); window.location.reload(); }
  }
  es.addEventListener('hello', function (e) {
    var d = JSON.parse(e.data);
    check(deck ? d.versions[deck] : d.index);
  });
  es.addEventListener('reload', function (e) {
    var d = JSON.parse(e.data);
    if (!deck) check(d.index); else if (d.deck === deck) check(d.version);
  });
})();
</script>`;
}

export interface OverlayContent {
  heading: string;
  /** Lines in the compiler convention FILE:LINE:COL: message (already formatted, not escaped). */
  lines: string[];
  hint?: string;
}

/** The error overlay: fixed on top of the last good deck, everything escaped. */
export function errorOverlay(c: OverlayContent): string {
  const box =
    'position:fixed;inset:auto 1rem 1rem 1rem;max-height:60vh;overflow:auto;z-index:2147483647;' +
    'background:#fff;color:#111;border:3px solid #b00020;border-radius:6px;padding:1rem 1.25rem;' +
    'font:15px/1.45 system-ui,sans-serif;box-shadow:0 4px 24px rgba(0,0,0,.35);text-align:left';
  const items = c.lines
    .map((l) => `<li style="margin:.25rem 0"><code style="font:14px/1.4 ui-monospace,monospace;white-space:pre-wrap;word-break:break-word">${escapeHtml(l)}</code></li>`)
    .join('\n');
  return `<div id="ratsdeck-errors" class="ratsdeck-error-overlay" role="alert" style="${box}">
<button type="button" aria-label="close" style="float:right;font:inherit;border:0;background:none;cursor:pointer;font-size:1.4rem;line-height:1">×</button>
<strong style="color:#b00020">${escapeHtml(c.heading)}</strong>
<ul style="margin:.5rem 0 0;padding-left:1.25rem">
${items}
</ul>${c.hint ? `\n<p style="margin:.5rem 0 0;color:#444">hint: ${escapeHtml(c.hint)}</p>` : ''}
</div>`;
}

/** Puts `snippet` just before </body> (or at the end when there is none). */
export function injectBeforeBodyEnd(html: string, snippet: string): string {
  const i = html.toLowerCase().lastIndexOf('</body>');
  return i < 0 ? `${html}\n${snippet}\n` : `${html.slice(0, i)}${snippet}\n${html.slice(i)}`;
}

/** A minimal page of its own (index, or a deck that has no good version yet). */
export function page(title: string, body: string, lang = 'en'): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 48rem; padding: 0 1rem; color: #111; }
a { color: #00508c; }
li { margin: .5rem 0; }
.status { font-size: .9em; color: #555; }
.status.error { color: #b00020; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
}
