/**
 * The registry of slide types: the schema union, the type list and each type's module come from
 * this one list (issue 10, finding 1). The order is the order of the JSON Schema's `oneOf` and of
 * the types listed in error messages.
 */
import { z } from '../model/zod.js';
import type { ValidDeck } from '../model/schema.js';
import * as activities from './activities.js';
import * as activity from './activity.js';
import * as agenda from './agenda.js';
import * as budget from './budget.js';
import * as changes from './changes.js';
import * as closing from './closing.js';
import * as decision from './decision.js';
import * as itbeirat from './itbeirat.js';
import * as networks from './networks.js';
import * as recommendations from './recommendations.js';
import * as section from './section.js';
import * as text from './text.js';
import * as timeline from './timeline.js';
import * as title from './title.js';
import type { EmptyReason, Reference, SlideModule, SnapshotReference } from './types.js';

export type { EmptyReason, OutlineEntry, Reference, SlideModule, SlidePage, SnapshotReference, ViewContext, PptxRenderer, PptxSlideContext } from './types.js';

const MODULES = [
  title,
  agenda,
  section,
  text,
  activities,
  activity,
  networks,
  itbeirat,
  recommendations,
  timeline,
  budget,
  decision,
  changes,
  closing,
] as const;

type Schemas<T extends readonly { schema: unknown }[]> = { -readonly [K in keyof T]: T[K]['schema'] };

/** One entry of a deck's `slides:`: the union of every slide module's schema. */
export const Slide = z.discriminatedUnion('type', MODULES.map((m) => m.schema) as unknown as Schemas<typeof MODULES>);
export type Slide = z.infer<typeof Slide>;
export type SlideType = Slide['type'];

export const SLIDE_TYPES = MODULES.map((m) => m.slide.type) as SlideType[];

// The modules' views take their own slide type; the registry hands each slide to its module.
const BY_TYPE = new Map<string, SlideModule<{ type: string }, unknown>>(
  MODULES.map((m) => [m.slide.type, m.slide as unknown as SlideModule<{ type: string }, unknown>]),
);

/** The module of a slide type, or undefined for an unknown type. */
export function slideModule(type: string): SlideModule<{ type: string }, unknown> | undefined {
  return BY_TYPE.get(type);
}

/** The ids a (possibly invalid) slide refers to, for validate.ts. */
export function slideReferences(slide: Record<string, unknown>): Reference[] {
  const m = typeof slide.type === 'string' ? BY_TYPE.get(slide.type) : undefined;
  return m?.references?.(slide) ?? [];
}

/** Why a valid slide shows nothing with this deck's data (its module's `empty`), or undefined. */
export function slideEmpty(slide: Slide, deck: ValidDeck): EmptyReason | undefined {
  return BY_TYPE.get(slide.type)?.empty?.(slide, deck);
}

/** The frozen session a valid slide needs, if its type needs one (the `changes` slide). */
export function slideSnapshot(slide: Slide, deck: ValidDeck): SnapshotReference | undefined {
  return BY_TYPE.get(slide.type)?.snapshot?.(slide, deck);
}
