/**
 * A project's own templates/ override the built-in partials (issue 3: "templates/ in the project
 * folder wins over the built-in one"); they get the same escaping and the project's _data.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, RatsdeckError } from '../../src/errors.js';
import { FIXTURES, renderFile, slideSections } from './helpers.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-templates-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function project(files: Record<string, string>): string {
  const dir = join(tmp, `p${++n}`);
  cpSync(`${FIXTURES}/render/golden`, dir, { recursive: true });
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return join(dir, 'deck.yaml');
}

describe('project templates', () => {
  it('a project partial replaces the built-in one for its slide type only, escaped, with _data available', async () => {
    const deck = project({
      'templates/slides/closing.hbs': '<p class="eigene">{{slide.title}} · {{data.kontakt.telefon}} · {{L.closing}}</p>\n',
      '_data/kontakt.yaml': 'telefon: "<b>0261 129-0</b>"\n',
    });
    const r = await renderFile(deck);
    const closing = slideSections(r.html).find((s) => s.type === 'closing')!.html;
    expect(closing).toContain('<p class="eigene">Vielen Dank für Ihre Aufmerksamkeit · &lt;b&gt;0261 129-0&lt;/b&gt; · Vielen Dank für Ihre Aufmerksamkeit</p>');
    expect(closing).not.toContain('rd-closingpage');
    // The other slides still use the built-in partials, inside the built-in slide layout.
    expect(closing).toContain('<footer class="rd-footer">');
    expect(slideSections(r.html).find((s) => s.type === 'title')!.html).toContain('rd-titlepage');
  });

  it('a project partial can replace a shared partial (the status light)', async () => {
    const deck = project({ 'templates/partials/status.hbs': '{{#if this}}<b class="ampel">{{full}}</b>{{/if}}' });
    const r = await renderFile(deck);
    const table = slideSections(r.html).find((s) => s.type === 'activities')!.html;
    expect(table).toContain('<b class="ampel">Gelb – Verzögerung bei Fachverfahren</b>');
    expect(table).not.toContain('rd-status__text');
  });

  it('a template syntax error is exit 4 naming the template file and line', async () => {
    const deck = project({ 'templates/slides/closing.hbs': '<p>\n{{#if slide.title}}\n<b>{{slide.title}}</b>\n' });
    let err: unknown;
    try {
      await renderFile(deck);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(ExitCode.RENDER);
    expect((err as RatsdeckError).message).toMatch(/templates\/slides\/closing\.hbs:\d+:1: template error: /);
  });
});
