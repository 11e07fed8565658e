/** The primitives of the data model: dates, times, ids, text, links, money, images. */
import { z } from './zod.js';

function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days;
}

/** The patterns of the notations a file uses; validation recognises the schemas by them for its hints. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** The messages for a value of the wrong type (zod keeps no other mark of the schema there). */
export const DATE_EXPECTED = 'expected a date written as YYYY-MM-DD';
export const TIME_EXPECTED = 'expected a time written as HH:MM';

export const IsoDate = z
  .string({ error: DATE_EXPECTED })
  // abort: a text that is not YYYY-MM-DD at all is not also an "impossible date".
  .regex(DATE_PATTERN, { error: DATE_EXPECTED, abort: true })
  .refine(isRealDate, { error: (iss) => `impossible date ${JSON.stringify(iss.input)}` })
  .describe('Datum im Format JJJJ-MM-TT, z. B. 2021-05-20');

export const Time = z
  .string({ error: TIME_EXPECTED })
  .regex(TIME_PATTERN, { error: 'expected a time written as HH:MM (24 hours)' })
  .describe('Uhrzeit im Format HH:MM, z. B. 17:00');

export const Id = z
  .string({ error: 'expected an id (letters, digits, "-" and "_")' })
  .regex(ID_PATTERN, {
    error: 'expected an id made of letters, digits, "-" and "_", starting with a letter or digit',
  })
  .describe('Kennung: Buchstaben, Ziffern, "-" und "_"');

export const Markdown = z.string().describe('Text in Markdown (HTML wird nicht übernommen)');
export const Text = z.string();
export const PublicFlag = z
  .boolean()
  .optional()
  .describe('false = nichtöffentlich: erscheint nur in nichtöffentlichen Ausgaben. Fehlt es, ist der Eintrag öffentlich.');
export const Illustrative = z
  .boolean()
  .optional()
  .describe('true = Beispieldaten (nicht aus einer Vorlage belegt); wird auf der Folie gekennzeichnet');

export const Url = z
  .string()
  .refine((s) => /^(https?:\/\/|mailto:)/i.test(s), {
    error: 'expected a link starting with https://, http:// or mailto:',
  })
  .describe('Link (https://, http:// oder mailto:)');

/** Where an object of the council information system is (OParl), for tracing and fetching again. */
export const OparlUrl = z
  .string()
  .refine((s) => /^https?:\/\/[^\s]+$/i.test(s), { error: 'expected the address of an OParl object, starting with https:// or http://' })
  .describe('Adresse des OParl-Objekts im Ratsinformationssystem (https://…)');

export const Money = z.number().finite().describe('Betrag in Euro');
export const Percent = z.number().min(0).max(100).describe('Prozent (0–100)');

export const Image = z
  .strictObject({
    src: z.string().min(1).describe('Pfad zur Bilddatei, relativ zu der Datei, in der er steht'),
    alt: z
      .string({
        error: (iss) =>
          iss.input === undefined
            ? 'an image needs alt text (write alt: "" for a purely decorative image)'
            : 'expected alt text as a string',
      })
      .describe('Alternativtext; "" kennzeichnet ein rein dekoratives Bild'),
    caption: z.string().optional().describe('Bildunterschrift'),
  })
  .describe('Bild mit Alternativtext');

export type Image = z.infer<typeof Image>;
