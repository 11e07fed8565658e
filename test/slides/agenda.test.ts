/**
 * The agenda of a deck without section slides (issue 11, finding 2): it was empty; it lists the
 * deck's slides by title, leaves out the frame of the talk, and gives the activity slides one entry.
 */
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/render/i18n.js';
import { outlineItems } from '../../src/slides/agenda.js';
import type { OutlineEntry } from '../../src/slides/types.js';
import { renderFile, slideSections } from '../render/helpers.js';

const L = LABELS.de;
let source = 0;
const entry = (type: string, title: string, items = 1, ownTitle?: string): OutlineEntry => ({ source: source++, type, title, ownTitle, items });

describe('outlineItems', () => {
  it('lists each entry by the title of its first slide, without title, agenda, section and closing', () => {
    const items = outlineItems(
      [entry('title', 'Digitalisierung'), entry('agenda', 'Gliederung'), entry('text', 'Ausgangslage'), entry('activities', 'Aktivitäten im Überblick'), entry('decision', 'Beschlussvorschlag'), entry('closing', 'Vielen Dank')],
      L,
    );
    expect(items).toEqual(['Ausgangslage', 'Aktivitäten im Überblick', 'Beschlussvorschlag']);
  });

  it('one entry for the activity slides, with their number; a run of activity entries is one; one activity keeps its title', () => {
    expect(outlineItems([entry('activity', 'OZG', 5)], L)).toEqual(['Die Aktivitäten im Einzelnen (5)']);
    expect(outlineItems([entry('activity', 'OZG', 3), entry('activity', 'E-Akte', 2), entry('budget', 'Haushalt')], L)).toEqual([
      'Die Aktivitäten im Einzelnen (5)',
      'Haushalt',
    ]);
    expect(outlineItems([entry('activity', 'E-Akte', 1)], L)).toEqual(['E-Akte']);
    expect(outlineItems([entry('activity', 'OZG', 2, 'Die größten Ansätze')], L)).toEqual(['Die größten Ansätze (2)']);
    expect(outlineItems([entry('activity', 'OZG', 3)], LABELS.en)).toEqual(['The activities in detail (3)']);
  });

  it('an entry that shows nothing is not listed; two entries of one title in a row are one item', () => {
    expect(outlineItems([entry('activity', '', 0), entry('text', 'Lage'), entry('text', 'Lage'), entry('text', 'Ausblick')], L)).toEqual(['Lage', 'Ausblick']);
  });
});

describe('an agenda in a deck without sections, rendered', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ratsdeck-agenda-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('lists the slides that follow, as the README example deck has them', async () => {
    mkdirSync(join(tmp, '_data'));
    writeFileSync(join(tmp, 'ratsdeck.yaml'), 'body: { name: Stadt Beispiel }\n');
    writeFileSync(
      join(tmp, '_data', 'activities.yaml'),
      '- { id: a, title: Online-Dienste, category: administration }\n- { id: b, title: E-Akte, category: administration }\n- { id: c, title: WLAN, category: smart-city }\n',
    );
    writeFileSync(
      join(tmp, 'deck.yaml'),
      'title: Bericht\ndate: 2021-05-20\nslides:\n  - type: title\n  - type: agenda\n  - type: activities\n    select: { category: administration }\n  - type: activity\n    select: { category: administration }\n  - type: closing\n',
    );
    const rendered = await renderFile(join(tmp, 'deck.yaml'));
    const agenda = slideSections(rendered.html).find((s) => s.type === 'agenda')!.html;
    expect([...agenda.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1])).toEqual(['Aktivitäten im Überblick', 'Die Aktivitäten im Einzelnen (2)']);
  });
});
