/**
 * The built-in templates compiled with Handlebars `strict: true` against the real view data of
 * the example decks and the golden fixtures (issue 10, finding 1): a field a template names that
 * its slide module's view does not give (a misspelling, a renamed field) throws here, where a
 * build would silently print nothing. Builds keep strict off for the sake of project templates.
 *
 * Handlebars' strict mode checks every name a template prints and every name on the way to a
 * helper's argument, but not the last name of a helper's argument: `{{#if slide.data.tpyo}}` is
 * just false. What such an #if guards is printed with `{{slide.data.…}}` inside it, and checked
 * there whenever the data has the field.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_TEMPLATES } from '../../src/render/render.js';
import { listTemplates } from '../../src/render/handlebars.js';
import { FIXTURES, REPO, renderFile } from './helpers.js';

// Every environment the render stage creates is strict in this file.
vi.mock('../../src/render/handlebars.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/render/handlebars.js')>();
  return { ...orig, createEnv: (s: Parameters<typeof orig.createEnv>[0], a: Parameters<typeof orig.createEnv>[1]) => orig.createEnv(s, a, { strict: true }) };
});

const DECKS = [
  `${REPO}/decks/2021-05-hfa.yaml`,
  `${REPO}/decks/2021-06-hsk.yaml`,
  `${REPO}/decks/2021-09-hfa.yaml`,
  `${FIXTURES}/render/golden/deck.yaml`,
  `${FIXTURES}/render/golden/deck-en.yaml`,
];

describe('built-in templates in strict mode', () => {
  it.each(DECKS)('%s renders, public and non-public, with the handout', async (file) => {
    for (const audience of ['public', 'nonpublic'] as const) {
      const r = await renderFile(file, { audience, handout: '3' });
      expect(r.slides.length).toBeGreaterThan(0);
      expect(r.handoutHtml).toContain('</html>');
    }
  });

  it('covers every slide type', async () => {
    const types = new Set<string>();
    for (const file of DECKS) for (const s of (await renderFile(file)).slides) types.add(s.type);
    const templates = listTemplates(BUILTIN_TEMPLATES).filter((t) => t.name.startsWith('slides/')).map((t) => t.name.slice('slides/'.length));
    expect([...types].sort()).toEqual(templates.sort());
  });

  it('a misspelt field in a template fails the build here (the positive control)', async () => {
    // The golden fixture with the built-in closing template, one field misspelt, as the project's.
    const dir = mkdtempSync(join(tmpdir(), 'ratsdeck-strict-'));
    try {
      cpSync(`${FIXTURES}/render/golden`, dir, { recursive: true });
      const t = listTemplates(BUILTIN_TEMPLATES).find((x) => x.name === 'slides/closing')!;
      expect(t.text).toContain('{{slide.data.sub}}');
      mkdirSync(join(dir, 'templates', 'slides'), { recursive: true });
      writeFileSync(join(dir, 'templates', 'slides', 'closing.hbs'), t.text.replaceAll('{{slide.data.sub}}', '{{slide.data.suub}}'));
      await expect(renderFile(join(dir, 'deck.yaml'))).rejects.toThrow(/"suub" not defined/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
