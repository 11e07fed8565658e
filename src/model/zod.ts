/**
 * zod, set up once: the one module that imports it (test/architecture.test.ts); the model's
 * entities and each slide module's schema take `z` from here.
 *
 * jitless: by default zod generates and compiles a fast parser for each object schema on its
 * first parse, 30-60 ms for the deck schema, more than it ever saves in a command that
 * validates each deck once. The setting is read when a schema is made, so it has to be made
 * before any schema: every module that makes one imports this module, which ES modules run first.
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
