/** Schema parts that several slide types share: the common keys and the selections. */
import { z } from '../model/zod.js';
import { Category, Id, Light, Markdown, PublicFlag, RecommendationStatus, Text } from '../model/entities.js';

export const Selection = z
  .strictObject({
    ids: z.array(Id).optional().describe('Auswahl nach Kennung (in dieser Reihenfolge)'),
    category: z.union([Category, z.array(Category)]).optional(),
    status: z.union([Light, z.array(Light)]).optional().describe('Auswahl nach Ampel'),
  })
  .describe('Auswahl von Aktivitäten');
export type Selection = z.infer<typeof Selection>;

export const RecommendationSelection = z.strictObject({
  ids: z.array(Id).optional(),
  status: z
    .union([RecommendationStatus, z.array(RecommendationStatus)])
    .optional(),
});

/** Keys every slide has. */
export const common = {
  id: Id.optional().describe('Kennung der Folie (Anker)'),
  title: Text.optional().describe('Folientitel (sonst ein Standardtitel)'),
  notes: Markdown.optional().describe('Sprechernotizen'),
  public: PublicFlag,
};
