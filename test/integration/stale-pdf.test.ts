// needs: browser
/**
 * A PDF never stays beside HTML it was not printed from (issue 9), and the archive never links
 * a PDF older than its deck (issue 11, finding 8): after an activity became non-public, an
 * HTML-only build removes the older PDFs that show it, and the archive stops linking them; a
 * print that fails after a change (no browser, a timeout) does the same. An unchanged deck keeps
 * its PDFs. With the real Chromium.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const VALID = fileURLToPath(new URL('../fixtures/valid', import.meta.url));

let project: string;
beforeAll(() => {
  project = join(mkdtempSync(join(tmpdir(), 'ratsdeck-stale-pdf-')), 'P');
  cpSync(VALID, project, { recursive: true });
});
afterAll(() => rmSync(join(project, '..'), { recursive: true, force: true }));

describe('PDFs and the HTML they were printed from', () => {
  it('an unchanged deck keeps its PDFs through an HTML-only build; a changed one loses them, and the archive stops linking them', async () => {
    const printed = await runCli(['pdf'], project, process.env);
    expect(printed.code, printed.stderr).toBe(0);
    const out = join(project, 'out');
    const pdfs = [join(out, 'deck', 'deck.pdf'), join(out, 'deck', 'deck-handout.pdf')];
    const bytes = pdfs.map((f) => readFileSync(f));
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('deck/deck-handout.pdf');

    // Nothing changed: the same HTML, so the PDFs still show it (also the handout, whose page
    // an HTML-only build does not render).
    const same = await runCli(['build'], project);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stderr, same.stderr).not.toMatch(/removed/);
    pdfs.forEach((f, i) => expect(readFileSync(f).equals(bytes[i]!), f).toBe(true));
    const archive = readFileSync(join(out, 'index.html'), 'utf8');
    expect(archive).toContain('deck/deck.pdf');
    expect(archive).toContain('deck/deck-handout.pdf');

    // The activity is non-public now: the HTML no longer shows it, the old PDFs still would.
    const acts = join(project, '_data', 'activities.yaml');
    writeFileSync(acts, readFileSync(acts, 'utf8').replace('title: Serviceportal', 'title: Serviceportal\n  public: false'));
    const changed = await runCli(['build'], project);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stderr).toMatch(/removed out\/deck\/deck\.pdf: printed from an earlier version of the deck/);
    expect(changed.stderr).toMatch(/removed out\/deck\/deck-handout\.pdf/);
    for (const f of pdfs) expect(existsSync(f), f).toBe(false);
    expect(readFileSync(join(out, 'deck', 'index.html'), 'utf8')).not.toContain('Serviceportal');
    expect(readFileSync(join(out, 'index.html'), 'utf8')).not.toMatch(/\.pdf/);
  });

  it('draft PDFs have their own names, and a final build removes them (and a draft build the final ones)', async () => {
    const out = join(project, 'out');
    const draft = await runCli(['pdf', '--draft'], project, process.env);
    expect(draft.code, draft.stderr).toBe(0);
    const drafts = [join(out, 'deck', 'deck-entwurf.pdf'), join(out, 'deck', 'deck-handout-entwurf.pdf')];
    const finals = [join(out, 'deck', 'deck.pdf'), join(out, 'deck', 'deck-handout.pdf')];
    for (const f of drafts) expect(existsSync(f), f).toBe(true);
    let archive = readFileSync(join(out, 'index.html'), 'utf8');
    expect(archive).toContain('deck/deck-entwurf.pdf');
    expect(archive).toContain('<span class="draft">Entwurf</span>');

    // The final version, HTML only: its deck page has no ENTWURF, so the draft PDFs go.
    const final = await runCli(['build'], project);
    expect(final.code, final.stderr).toBe(0);
    expect(final.stderr).toMatch(/removed out\/deck\/deck-entwurf\.pdf: a draft, and this build is not/);
    expect(final.stderr).toMatch(/removed out\/deck\/deck-handout-entwurf\.pdf: a draft/);
    for (const f of drafts) expect(existsSync(f), f).toBe(false);
    archive = readFileSync(join(out, 'index.html'), 'utf8');
    expect(archive).not.toMatch(/\.pdf|class="draft"/);

    const printed = await runCli(['pdf'], project, process.env);
    expect(printed.code, printed.stderr).toBe(0);
    for (const f of finals) expect(existsSync(f), f).toBe(true);
    const again = await runCli(['build', '--draft'], project);
    expect(again.stderr).toMatch(/removed out\/deck\/deck\.pdf: printed from the deck before this draft build/);
    for (const f of [...finals, ...drafts]) expect(existsSync(f), f).toBe(false);
  });

  // Issue 11, finding 8, from the user's side: the HTML is built before the print, so a print
  // that fails must not leave the archive linking PDFs of the deck as it was before.
  const failures: [string, string[], NodeJS.ProcessEnv, RegExp][] = [
    ['no browser', [], { ...process.env, RATSDECK_BROWSER: join(tmpdir(), 'no-such-browser') }, /error: browser given by RATSDECK_BROWSER: .*no-such-browser does not exist/],
    ['a browser that does not start in time', ['--timeout', '0.001'], process.env, /error: starting the browser .* timed out after 1 ms/],
  ];
  for (const [what, flags, env, message] of failures) {
    it(`a print that fails after the data changed (${what}): the new HTML, no older PDF, and an archive that links none`, async () => {
      const dir = join(project, '..', `failed-${flags.length}`);
      cpSync(VALID, dir, { recursive: true });
      const out = join(dir, 'out');
      const first = await runCli(['pdf'], dir, process.env);
      expect(first.code, first.stderr).toBe(0);
      expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('deck/deck.pdf');

      const acts = join(dir, '_data', 'activities.yaml');
      writeFileSync(acts, readFileSync(acts, 'utf8').replace('title: Serviceportal', 'title: Serviceportal der Stadt'));
      const failed = await runCli(['pdf', ...flags], dir, env);
      expect(failed.code, failed.stderr).toBe(5);
      expect(failed.stderr).toMatch(message);
      expect(failed.stderr).toMatch(/removed out\/deck\/deck\.pdf: printed from an earlier version of the deck/);
      expect(failed.stderr).toMatch(/removed out\/deck\/deck-handout\.pdf/);
      expect(readFileSync(join(out, 'deck', 'index.html'), 'utf8')).toContain('Serviceportal der Stadt');
      for (const f of ['deck.pdf', 'deck-handout.pdf']) expect(existsSync(join(out, 'deck', f)), f).toBe(false);
      const archive = readFileSync(join(out, 'index.html'), 'utf8');
      expect(archive).toContain('href="deck/index.html"');
      expect(archive).not.toMatch(/\.pdf/);
    });
  }
});
