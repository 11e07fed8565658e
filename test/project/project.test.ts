import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, RatsdeckError, type Problem } from '../../src/errors.js';
import { validateDeck } from '../../src/model/validate.js';
import { BUILTIN_DEFAULTS, findProject, listDecks, loadDeck, resolveDeckPaths } from '../../src/project/project.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const fixture = (...p: string[]) => join(FIXTURES, ...p);

const show = (p: Problem, root: string) =>
  `${relative(root, p.file)}:${p.line}:${p.col}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.path ? `${p.path}: ` : ''}${p.message}${p.hint ? ` (${p.hint})` : ''}`;

/** All problems of a deck (cascade and validation), relative to the project folder. */
function problemsOf(root: string, deck = 'deck.yaml'): string[] {
  const loaded = loadDeck(join(root, deck));
  const problems = [...loaded.problems, ...(loaded.raw ? validateDeck(loaded.raw).problems : [])];
  return problems.map((p) => show(p, root));
}

function where(pos: { file: string; line: number; col: number }, root: string): string {
  return `${relative(root, pos.file)}:${pos.line}:${pos.col}`;
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-project-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** Writes a small project into the temp folder: files given as path → text. */
function project(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const CONFIG = 'body:\n  name: Stadt Beispielstadt\ncommittees:\n  - id: hfa\n    name: HFA\n';
const DECK = 'title: Test\nslides:\n  - type: title\n';

describe('finding the project and its decks', () => {
  it('walks up from a deck to the folder with ratsdeck.yaml', () => {
    expect(findProject(fixture('images', 'slides', 'deck.yaml'))).toEqual({
      root: fixture('images'),
      configFile: fixture('images', 'ratsdeck.yaml'),
    });
  });

  it('a lone deck is its own project', () => {
    const root = project('lone', { 'deck.yaml': DECK });
    expect(findProject(join(root, 'deck.yaml'))).toEqual({ root });
    expect(problemsOf(root)).toEqual([]);
  });

  it('lists deck files, not ratsdeck.yaml, _data/ or assets/', () => {
    expect(listDecks(fixture('cascade'))).toEqual([fixture('cascade', 'deck.yaml')]);
    expect(listDecks(fixture('images'))).toEqual([fixture('images', 'slides', 'deck.yaml')]);
  });

  it('a path that does not exist is a usage error', () => {
    const err = (() => {
      try {
        resolveDeckPaths(['gibt-es-nicht.yaml'], tmp);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(RatsdeckError);
    expect((err as RatsdeckError).exitCode).toBe(ExitCode.USAGE);
    expect((err as RatsdeckError).message).toBe('gibt-es-nicht.yaml: no such file or folder');
  });

  it('a folder without decks is a usage error', () => {
    const root = project('ohne-decks', { 'ratsdeck.yaml': CONFIG });
    expect(() => resolveDeckPaths([root], tmp)).toThrow(/no deck files/);
  });
});

describe('the cascade: deck beats _data beats ratsdeck.yaml beats defaults', () => {
  const root = fixture('cascade');
  const loaded = loadDeck(join(root, 'deck.yaml'));
  const value = loaded.raw?.value as Record<string, unknown>;

  it('loads without problems', () => {
    expect(loaded.problems).toEqual([]);
    expect(validateDeck(loaded.raw!).problems).toEqual([]);
  });

  it('theme is set in all four layers: the deck wins', () => {
    expect(BUILTIN_DEFAULTS.theme).toBe('stadt');
    expect(value.theme).toBe('eigenes.css');
    expect(where(loaded.raw!.locate(['theme']), root)).toBe('deck.yaml:2:8');
  });

  it('subtitle is set in ratsdeck.yaml and _data/subtitle.yaml: _data wins', () => {
    expect(value.subtitle).toBe('aus _data');
    expect(where(loaded.raw!.locate(['subtitle']), root)).toBe('_data/subtitle.yaml:1:1');
  });

  it('lang is set in ratsdeck.yaml and the defaults: ratsdeck.yaml wins', () => {
    expect(BUILTIN_DEFAULTS.lang).toBe('de');
    expect(value.lang).toBe('en');
    expect(where(loaded.raw!.locate(['lang']), root)).toBe('ratsdeck.yaml:7:7');
  });

  it('a key nobody sets keeps the default', () => {
    const lone = project('defaults', { 'deck.yaml': DECK });
    expect(loadDeck(join(lone, 'deck.yaml')).raw?.value).toMatchObject({ lang: 'de', theme: 'stadt' });
  });

  it('mappings merge key by key across layers, each key keeping its own position', () => {
    expect(value.body).toEqual({ name: 'Stadt Beispielstadt', shortName: 'Bsp.', color: '#005ca9' });
    expect(where(loaded.raw!.locate(['body', 'name']), root)).toBe('ratsdeck.yaml:2:9');
    expect(where(loaded.raw!.locate(['body', 'shortName']), root)).toBe('deck.yaml:4:14');
    expect(where(loaded.raw!.locate(['body', 'color']), root)).toBe('_data/body.yaml:1:8');
  });

  it('_data/activities.yaml becomes activities, with positions in that file', () => {
    expect((value.activities as { id: string }[]).map((a) => a.id)).toEqual(['portal', 'wlan']);
    expect(where(loaded.raw!.locate(['activities', 1, 'title']), root)).toBe('_data/activities.yaml:5:10');
    expect(where(loaded.raw!.locate(['activities', 1, 'category'], 'key'), root)).toBe('_data/activities.yaml:6:3');
  });

  it('_data/itBeirat/members.yaml becomes itBeirat.members', () => {
    expect(value.itBeirat).toEqual({ members: [{ affiliation: 'Hochschule Beispielstadt', role: 'Vorsitz' }] });
    expect(where(loaded.raw!.locate(['itBeirat', 'members', 0, 'role']), root)).toBe('_data/itBeirat/members.yaml:2:9');
  });

  it('a missing value is located at its nearest parent in the file that supplied it', () => {
    expect(where(loaded.raw!.locate(['activities', 0, 'status']), root)).toBe('_data/activities.yaml:1:3');
  });

  it('_data files the model does not know become custom data for templates', () => {
    expect(loaded.extraData).toEqual({ stadtwerke: { name: 'Stadtwerke Beispielstadt' } });
    expect(value).not.toHaveProperty('stadtwerke');
  });
});

describe('problems in _data point into the _data file', () => {
  it('schema problems, and a misspelt _data file name', () => {
    expect(problemsOf(fixture('data-error'))).toEqual([
      '_data/activites.yaml:1:1: warning: "activites" is not part of the ratsdeck model; templates see it as data.activites (did you mean _data/activities.yaml?)',
      `_data/activities.yaml:3:13: activities[0].category: expected one of "administration", "smart-city", "location", "network", "project", "study", "infrastructure", "other"; got "bürgerservice" (also accepted: Verwaltungsdigitalisierung, Smart City, Digitalstandort, Netzwerk, Projekt, Studie, Infrastruktur, Sonstiges)`,
      '_data/itBeirat/members.yaml:2:3: itBeirat.members[1].affilation: unknown key "affilation" (did you mean "affiliation"?)',
    ]);
  });

  it('a YAML error in a _data file stops the deck with that file\'s position', () => {
    const root = project('data-syntax', {
      'ratsdeck.yaml': CONFIG,
      '_data/networks.yaml': '- id: ogdd\n  name: "Open Government\n',
      'deck.yaml': DECK,
    });
    const loaded = loadDeck(join(root, 'deck.yaml'));
    expect(loaded.raw).toBeUndefined();
    expect(loaded.problems.map((p) => show(p, root))).toEqual([
      '_data/networks.yaml:2:9: YAML syntax: the quoted text is never closed (add the closing " on the same line)',
    ]);
  });
});

describe('a value set by two _data files is a warning naming both', () => {
  const root = fixture('data-conflict');
  const loaded = loadDeck(join(root, 'deck.yaml'));

  it('names both files, at the place in the file whose value is used', () => {
    expect(loaded.problems.map((p) => show(p, root))).toEqual([
      '_data/networks.yaml:1:1: warning: networks: set by two files in _data/: _data/networks.json and _data/networks.yaml; the value from _data/networks.yaml is used (keep each value in one file)',
      '_data/itBeirat/members.yaml:1:1: warning: itBeirat.members: set by two files in _data/: _data/itBeirat.yaml and _data/itBeirat/members.yaml; the value from _data/itBeirat/members.yaml is used (keep each value in one file)',
    ]);
  });

  it('the deeper file refines the shallower one; other keys of the shallower one stay', () => {
    const value = loaded.raw?.value as { networks: { id: string }[]; itBeirat: Record<string, unknown> };
    expect(value.networks.map((n) => n.id)).toEqual(['ogdd']);
    expect(value.itBeirat).toEqual({ name: 'Beirat für Digitalisierung', members: [{ affiliation: 'aus itBeirat/members.yaml' }] });
  });

  it('warnings do not make the deck invalid', () => {
    expect(validateDeck(loaded.raw!).problems).toEqual([]);
  });

  it('it-beirat.yaml and itBeirat.yaml are the same key', () => {
    const r = project('kebab', {
      'ratsdeck.yaml': CONFIG,
      '_data/it-beirat.yaml': 'name: A\n',
      '_data/itBeirat.yaml': 'name: B\nmandate: Beratung\n',
      'deck.yaml': DECK,
    });
    expect(problemsOf(r)).toEqual([
      '_data/itBeirat.yaml:1:1: warning: itBeirat.name: set by two files in _data/: _data/it-beirat.yaml and _data/itBeirat.yaml; the value from _data/itBeirat.yaml is used (keep each value in one file)',
    ]);
  });

  it('two files setting different keys of one mapping is no conflict', () => {
    const r = project('no-conflict', {
      'ratsdeck.yaml': CONFIG,
      '_data/itBeirat.yaml': 'name: Beirat\n',
      '_data/itBeirat/members.yaml': '- affiliation: Hochschule\n',
      'deck.yaml': DECK,
    });
    expect(problemsOf(r)).toEqual([]);
  });
});

describe('asset paths', () => {
  it('are resolved against the file that names them and rewritten relative to the project', () => {
    const root = fixture('images');
    const loaded = loadDeck(join(root, 'slides', 'deck.yaml'));
    const value = loaded.raw!.value as { body: { logo: { src: string } }; activities: { image: { src: string } }[] };
    expect(value.body.logo.src).toBe('assets/wappen.png');
    // The second activity shares the first one's image through a YAML alias: both resolve.
    expect(value.activities.map((a) => a.image.src)).toEqual(['assets/portal.png', 'assets/portal.png']);
    expect(loaded.problems.map((p) => show(p, root))).toEqual([
      'slides/deck.yaml:12:12: slides[0].image.src: "../assets/notiz.txt" is not an image ratsdeck can embed (use one of .png, .jpg, .jpeg, .gif, .svg, .webp)',
      'slides/deck.yaml:18:12: slides[1].image.src: image "https://example.org/bild.png" is not a local file (ratsdeck decks load nothing from other hosts: save the image in the project and give its path)',
    ]);
  });

  it('a missing logo, reported in ratsdeck.yaml where it is named', () => {
    expect(problemsOf(fixture('missing-file'))).toEqual([
      'ratsdeck.yaml:4:10: body.logo.src: image file "assets/wappen.png" not found (looked for assets/wappen.png)',
    ]);
  });

  it('a path that leaves the project folder, refused before anything outside is looked at', () => {
    expect(problemsOf(fixture('path-outside'))).toEqual([
      'deck.yaml:7:12: slides[0].image.src: image "../../etc/passwd.png" is outside the project folder (copy it into the project, for example into assets/)',
    ]);
  });

  it('an absolute path', () => {
    expect(problemsOf(fixture('path-absolute'))).toEqual([
      'deck.yaml:7:12: slides[0].image.src: image path "/etc/passwd.png" is absolute (write it relative to deck.yaml, for example assets/logo.png)',
    ]);
  });

  it('an absolute path inside the project is refused too: the deck would break when moved', () => {
    const root = project('abs-inside', { 'ratsdeck.yaml': CONFIG, 'assets/logo.png': 'png', 'deck.yaml': '' });
    writeFileSync(join(root, 'deck.yaml'), `title: T\nbody:\n  name: S\n  logo:\n    src: ${join(root, 'assets', 'logo.png')}\n    alt: L\n${DECK.slice(DECK.indexOf('slides'))}`);
    expect(problemsOf(root)).toEqual([
      `deck.yaml:5:10: body.logo.src: image path "${join(root, 'assets', 'logo.png')}" is absolute (write it relative to deck.yaml, for example assets/logo.png)`,
    ]);
  });

  it('a symbolic link that points outside the project', () => {
    const outside = project('draussen', { 'geheim.png': 'png' });
    const root = project('symlink', {
      'ratsdeck.yaml': CONFIG,
      'deck.yaml': 'title: T\nbody:\n  name: S\n  logo:\n    src: assets/logo.png\n    alt: Logo\nslides:\n  - type: title\n',
    });
    mkdirSync(join(root, 'assets'));
    symlinkSync(join(outside, 'geheim.png'), join(root, 'assets', 'logo.png'));
    expect(problemsOf(root)).toEqual([
      'deck.yaml:5:10: body.logo.src: image "assets/logo.png" is a link to a file outside the project folder (copy the file into the project instead of linking to it)',
    ]);
  });

  it('a symbolic link inside the project is fine', () => {
    const root = project('symlink-inside', {
      'ratsdeck.yaml': CONFIG,
      'bilder/wappen.png': 'png',
      'deck.yaml': 'title: T\nbody:\n  name: S\n  logo:\n    src: assets/logo.png\n    alt: Logo\nslides:\n  - type: title\n',
    });
    mkdirSync(join(root, 'assets'));
    symlinkSync(join(root, 'bilder', 'wappen.png'), join(root, 'assets', 'logo.png'));
    const loaded = loadDeck(join(root, 'deck.yaml'));
    expect(loaded.problems).toEqual([]);
    expect((loaded.raw!.value as { body: { logo: { src: string } } }).body.logo.src).toBe('bilder/wappen.png');
  });

  it('a symbolic link in _data/ is not followed, with a warning', () => {
    const outside = project('draussen2', { 'activities.yaml': '- id: geheim\n  title: Geheim\n  category: other\n' });
    const root = project('data-link', { 'ratsdeck.yaml': CONFIG, 'deck.yaml': DECK });
    mkdirSync(join(root, '_data'));
    symlinkSync(join(outside, 'activities.yaml'), join(root, '_data', 'activities.yaml'));
    const loaded = loadDeck(join(root, 'deck.yaml'));
    expect(loaded.problems.map((p) => show(p, root))).toEqual([
      '_data/activities.yaml:1:1: warning: _data/activities.yaml is a symbolic link; ratsdeck does not follow links in _data/ (copy the file into the project)',
    ]);
    expect(loaded.raw!.value).not.toHaveProperty('activities');
  });
});

describe('broken project files', () => {
  it('an empty deck says what a deck needs', () => {
    expect(problemsOf(fixture('yaml-empty'))).toEqual(['deck.yaml:1:1: file is empty (a deck needs at least "title" and "slides")']);
  });

  it('a deck that is a list', () => {
    const root = project('list-deck', { 'ratsdeck.yaml': CONFIG, 'deck.yaml': '- type: title\n' });
    expect(problemsOf(root)).toEqual(['deck.yaml:1:1: a deck file must be a mapping (key: value lines), not a list or a single value']);
  });

  it('a ratsdeck.yaml that is a single value', () => {
    const root = project('scalar-config', { 'ratsdeck.yaml': 'Stadt Beispielstadt\n', 'deck.yaml': DECK });
    expect(problemsOf(root)).toEqual(['ratsdeck.yaml:1:1: ratsdeck.yaml must be a mapping (key: value lines)']);
  });

  it('errors in several files are all reported at once', () => {
    const root = project('many', {
      'ratsdeck.yaml': 'body:\n\tname: x\n',
      '_data/activities.yaml': 'a: 1\na: 2\n',
      'deck.yaml': 'title: "offen\n',
    });
    expect(problemsOf(root)).toEqual([
      'ratsdeck.yaml:2:1: YAML syntax: a tab is used for indentation (indent with spaces, not tabs)',
      '_data/activities.yaml:2:1: YAML syntax: duplicate key "a" (it is already set at line 1, column 1; a key may appear only once in a mapping)',
      'deck.yaml:1:8: YAML syntax: the quoted text is never closed (add the closing " on the same line)',
    ]);
  });

  it('"__proto__" cannot reach Object.prototype through the merge', () => {
    const root = project('proto', { 'ratsdeck.yaml': CONFIG, 'deck.yaml': `${DECK}__proto__:\n  polluted: true\n` });
    expect(problemsOf(root)).toEqual(['deck.yaml:4:1: YAML: the key "__proto__" is not allowed']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
