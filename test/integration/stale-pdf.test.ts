// needs: browser
/**
 * A PDF never stays beside HTML it was not printed from (issue 9): after an activity became
 * non-public, an HTML-only build removes the older PDFs that show it, and the archive stops
 * linking them. An unchanged deck keeps its PDFs. With the real Chromium.
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
});
