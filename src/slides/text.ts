/** Free text in Markdown, with an optional image. */
import { z } from '../model/zod.js';
import { Image, Markdown, Text } from '../model/entities.js';
import { common } from './fields.js';
import type { SlideModule } from './types.js';
import { columns } from '../pptx/canvas.js';

export const schema = z
  .strictObject({ type: z.literal('text'), ...common, title: Text, body: Markdown, image: Image.optional() })
  .describe('Freier Text');

export interface TextData {
  body: string;
  image: Image | undefined;
}

export const slide: SlideModule<z.infer<typeof schema>, TextData> = {
  type: 'text',
  schema,
  view: (s) => [{ data: { body: s.body, image: s.image }, title: s.title }],
  pptx: {
    draw(data, _ctx, c) {
      if (!data.image) return c.markdown(data.body, c.area);
      const [body, image] = columns(c.area, [3, 2]);
      c.markdown(data.body, body!);
      c.image(data.image.src, image!, data.image.alt);
    },
  },
};
