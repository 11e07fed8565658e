/**
 * The ratsdeck data model: the single source of truth for the TypeScript types, the
 * validation and the published JSON Schema (schema/ratsdeck.schema.json).
 *
 * The data (activities, networks, …) is in entities.ts; each slide type's schema is in its own
 * module under src/slides/, and the registry there builds the union of slides used here.
 */
import { z } from './zod.js';
import { Activity, Body, Committee, Id, IsoDate, ItBeirat, Network, OparlUrl, Paper, Presenter, Session, Text } from './entities.js';
import { Slide as SlideSchema, SLIDE_TYPES } from '../slides/index.js';
import { Sources } from './sources.js';
import { LANG_WORDS, wordEnum } from './words.js';

export * from './entities.js';
export { SLIDE_TYPES };
export type { Selection } from '../slides/fields.js';

/** One slide of a deck's `slides:` list: the union of the slide modules' schemas. */
export const Slide = SlideSchema;

// ---------------------------------------------------------------------------------------------
// The resolved deck: the merge of defaults, ratsdeck.yaml, _data/** and the deck file.
// Every key is optional here so one schema serves every file in an editor; the keys a deck
// must have after the cascade are checked in validate.ts (REQUIRED_DECK_KEYS).

export const Deck = z
  .strictObject({
    body: Body.optional(),
    committees: z.array(Committee).optional().describe('Gremien'),
    lang: wordEnum(LANG_WORDS).optional().describe('Sprache der Folien: de (Standard) oder en'),
    theme: z
      .string()
      .optional()
      .describe('Design: stadt (Standard), kontrast, nacht, oder Pfad zu einer eigenen CSS-Datei'),
    title: Text.optional().describe('Titel des Foliensatzes'),
    subtitle: Text.optional(),
    presenters: z.array(Presenter).optional().describe('Vortragende'),
    date: IsoDate.optional().describe('Datum des Foliensatzes (sonst das Sitzungsdatum)'),
    session: Session.optional(),
    paper: Paper.optional(),
    activities: z.array(Activity).optional().describe('Digitalisierungsaktivitäten'),
    networks: z.array(Network).optional().describe('Netzwerke'),
    itBeirat: ItBeirat.optional(),
    slides: z.array(Slide).min(1).optional().describe('Die Folien, in Reihenfolge (mindestens eine)'),
    predecessor: Id.optional()
      .describe('Vorheriger Foliensatz (Dateiname ohne .yaml), für "Änderungen seit der letzten Sitzung"'),
    browser: z.string().optional().describe('Pfad zu Chromium, Chrome oder Edge für den PDF-Druck'),
    sources: Sources.optional(),
    oparl: z
      .strictObject({
        body: OparlUrl.describe('Adresse des OParl-Body der Stadt, z. B. https://ris.example.org/oparl/bodies/1'),
      })
      .optional()
      .describe('Das Ratsinformationssystem der Stadt (OParl); für ratsdeck import committees und ratsdeck new'),
  })
  .describe('ratsdeck: Projekt (ratsdeck.yaml) oder Foliensatz');

export const REQUIRED_DECK_KEYS = ['title', 'slides'] as const;

/** The themes that ship with ratsdeck (themes/<name>.css). */
export const BUILTIN_THEMES = ['stadt', 'kontrast', 'nacht'] as const;

/** Schemas of the data files in _data/ whose file name is a known key. */
export const DATA_FILE_SCHEMAS = {
  activities: z.array(Activity).describe('Digitalisierungsaktivitäten (_data/activities.yaml)'),
  networks: z.array(Network).describe('Netzwerke (_data/networks.yaml)'),
  itBeirat: ItBeirat,
  committees: z.array(Committee).describe('Gremien'),
} as const;

export type Deck = z.infer<typeof Deck>;
export type Slide = z.infer<typeof Slide>;
export type SlideType = Slide['type'];

/** A deck after validation: the cascade's keys that a deck must have are present. */
export type ValidDeck = Deck & { title: string; slides: Slide[] };
