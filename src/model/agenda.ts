/**
 * Agenda item numbers (TOP) as a council information system shows them: "Ö 5" for the public
 * part of a session, "N 2" (also "NÖ 2", "nö 2", "N2") for the non-public part (GemO RLP § 35;
 * DOMAIN.md). Only `public: false` makes something non-public in ratsdeck; a number that says
 * otherwise is a contradiction worth a warning. Pure.
 */

/** Whether an agenda number says non-public: N, NÖ or "nichtöffentlich" before the number. */
export function isNonpublicAgendaNumber(top: string): boolean {
  return /^\s*(?:TOP\s*)?(?:N|NÖ|NOE|nicht\s*öffentlich(?:er\s+Teil)?)\s*[.:-]?\s*\d/iu.test(top.normalize('NFC'));
}
