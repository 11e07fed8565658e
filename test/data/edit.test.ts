/** The YAML editor of `ratsdeck new` (src/data/edit.ts): block style spliced, flow style written again. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editYamlText, ensureSlide, hasYamlPath, yamlValueAt } from '../../src/data/yaml.js';

describe('editYamlText', () => {
  it('block style: a value replaced in place, its comment and spacing kept', () => {
    const text = 'session:\n  date: 2021-05-20   # Mai\n  result: ok\n';
    expect(editYamlText(text, [{ path: ['session', 'date'], value: '2021-09-23' }, { path: ['session', 'result'], delete: true }])).toBe('session:\n  date: 2021-09-23   # Mai\n');
  });

  it('flow style: a value set, a key removed and a key added inside `session: {date: …}`', () => {
    const text = '# Kopf\ntitle: X\nsession: {date: 2021-05-20, result: ok, votes: {yes: 1}}  # Sitzung\n';
    const out = editYamlText(text, [
      { path: ['session', 'date'], value: '2021-09-23' },
      { path: ['session', 'result'], delete: true },
      { path: ['session', 'votes'], delete: true },
      { path: ['session', 'time'], value: '18:30' },
    ]);
    expect(out).toBe('# Kopf\ntitle: X\nsession: {date: 2021-09-23, time: "18:30"}  # Sitzung\n');
    expect((parse(out) as { session: unknown }).session).toEqual({ date: '2021-09-23', time: '18:30' });
  });

  it('ifPresent: only where the key is there already', () => {
    expect(editYamlText('title: X\n', [{ path: ['date'], value: '2021-09-23', ifPresent: true }])).toBe('title: X\n');
    expect(editYamlText('title: X\ndate: 2021-05-20\n', [{ path: ['date'], value: '2021-09-23', ifPresent: true }])).toBe('title: X\ndate: 2021-09-23\n');
    expect(hasYamlPath('{title: X, date: 2021-05-20}', ['date'])).toBe(true);
  });
});

describe('editYamlText: a mapping that is not there yet', () => {
  it('block style: `paper:` with its first key as new lines after the subtitle, the next key below it', () => {
    const text = '# Kopf\ntitle: X\nsubtitle: Y   # Unterzeile\nslides:\n  - type: title\n';
    const out = editYamlText(text, [
      { path: ['paper', 'reference'], value: 'BV/0112/2021' },
      { path: ['paper', 'subject'], value: 'Sachstand: Digitalisierung' },
    ]);
    expect(out).toBe('# Kopf\ntitle: X\nsubtitle: Y   # Unterzeile\npaper:\n  reference: BV/0112/2021\n  subject: "Sachstand: Digitalisierung"\nslides:\n  - type: title\n');
  });

  it('flow style: written into the flow mapping', () => {
    const out = editYamlText('{title: X, slides: [{type: title}]}\n', [{ path: ['paper', 'reference'], value: 'BV/0112/2021' }]);
    expect(parse(out)).toEqual({ title: 'X', slides: [{ type: 'title' }], paper: { reference: 'BV/0112/2021' } });
  });

  it('a value in the way is not replaced by a mapping', () => {
    expect(() => editYamlText('title: X\npaper: ST/0027/2021\n', [{ path: ['paper', 'reference'], value: 'BV/0112/2021' }])).toThrow(/paper is not a mapping/);
  });
});

describe('yamlValueAt', () => {
  it('reads a value in block and flow style, undefined where there is none', () => {
    expect(yamlValueAt('paper:\n  reference: ST/0027/2021\n', ['paper', 'reference'])).toBe('ST/0027/2021');
    expect(yamlValueAt('paper: {reference: ST/0027/2021, decisionProposal: {text: Ja}}\n', ['paper'])).toEqual({ reference: 'ST/0027/2021', decisionProposal: { text: 'Ja' } });
    expect(yamlValueAt('title: X\n', ['paper', 'reference'])).toBeUndefined();
  });
});

describe('ensureSlide', () => {
  it('flow list: `slides: [{type: title}, {type: agenda}]` gets the slide after the agenda', () => {
    const out = ensureSlide('slides: [{type: title}, {type: agenda}]\n', 'changes', ['agenda', 'title']);
    expect(out).toBe('slides: [{type: title}, {type: agenda}, {type: changes}]\n');
  });

  it('block list: a line at the list indentation; a list that has the type stays as it is', () => {
    const text = 'slides:\n  - type: title\n  - type: agenda\n    title: Gliederung\n  - type: closing\n';
    const out = ensureSlide(text, 'changes', ['agenda']);
    expect(out).toBe('slides:\n  - type: title\n  - type: agenda\n    title: Gliederung\n  - type: changes\n  - type: closing\n');
    expect(ensureSlide(out, 'changes', ['agenda'])).toBe(out);
    expect(ensureSlide('slides: [{type: changes}]\n', 'changes', [])).toBe('slides: [{type: changes}]\n');
  });
});
