/**
 * `ratsdeck import committees`: what the Body's organization list means for `committees:` in
 * ratsdeck.yaml. Gremien that are missing are added (an id from the short name, unique and
 * not colliding with existing ids: one real server has a short name twice), existing ones that
 * match by name or short name get their `oparl:` URL; nothing is removed or renamed. Pure:
 * the use case reads the list and writes the file.
 */
import { COMMITTEE_CLASSIFICATIONS } from '../model/entities.js';
import { committeeByName, sameOparlId, type CommitteeRef } from './map.js';
import type { OOrganization } from './normalise.js';

export type Classification = (typeof COMMITTEE_CLASSIFICATIONS)[number];

export interface AddedCommittee {
  id: string;
  name: string;
  shortName?: string;
  classification?: Classification;
  oparl: string;
}

export interface CommitteePlan {
  /** New entries, in the order of the RIS list. */
  add: { committee: AddedCommittee; note?: string }[];
  /** Existing entries (by their index in the list) that get `oparl:`. */
  link: { index: number; id: string; oparl: string; name: string }[];
  /** Existing entries that have the Organization's URL already. */
  unchanged: string[];
  /** Organizations that are not imported, counted by why. */
  skipped: Map<string, number>;
  warnings: string[];
}

/** Existing committees with their place in the list. */
export type ExistingCommittee = CommitteeRef & { index: number };

/** An id from a short name or name: `HFA` → `hfa`, `Ausschuss für Umwelt` → `ausschuss-fuer-umwelt`. */
export function committeeId(s: string): string {
  const t = s
    .normalize('NFC')
    .toLocaleLowerCase('de-DE')
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (t.length <= 40) return t || 'gremium';
  // Long names are cut after a whole word.
  const cut = t.slice(0, 41);
  return cut.slice(0, cut.lastIndexOf('-') > 10 ? cut.lastIndexOf('-') : 40).replace(/-+$/, '');
}

/** OParl's free-text classification in ratsdeck's words, where one fits. */
export function classificationOf(s: string | undefined): Classification | undefined {
  if (!s) return undefined;
  const exact = COMMITTEE_CLASSIFICATIONS.find((c) => c.toLowerCase() === s.toLowerCase());
  if (exact) return exact;
  if (/ausschuss/i.test(s)) return 'Ausschuss';
  if (/kommission/i.test(s)) return 'Kommission';
  if (/beirat/i.test(s)) return 'Beirat';
  if (/^(rat|stadtrat|gemeinderat|kreistag|parlament|rat der stadt|stadtverordnetenversammlung|gemeindevertretung|stadtvertretung|bezirksvertretung)$/i.test(s.trim())) return 'Parlament';
  return undefined;
}

const GREMIUM_WORDS = /ausschuss|kommission|beirat|rat\b|parlament|vertretung|kreistag|versammlung/i;

/** Why an Organization is not a Gremium to import, or undefined when it is one. */
function notImported(o: OOrganization, today: string): string | undefined {
  if (!o.id) return 'without an id';
  if (!o.name) return 'without a name';
  if (o.organizationType) {
    if (o.organizationType.toLowerCase() !== 'gremium') return `of organizationType "${o.organizationType}"`;
  } else if (!GREMIUM_WORDS.test(`${o.classification ?? ''} ${o.name}`)) return 'that do not say they are a Gremium';
  if (o.endDate && o.endDate < today) return 'dissolved (an endDate before today)';
  return undefined;
}

export function planCommittees(existing: ExistingCommittee[], orgs: OOrganization[], today: string): CommitteePlan {
  const plan: CommitteePlan = { add: [], link: [], unchanged: [], skipped: new Map(), warnings: [] };
  const taken = new Set(existing.map((c) => c.id.toLowerCase()));
  const linked = new Set<number>();
  const unknownClass = new Map<string, string[]>();
  for (const o of orgs) {
    const why = notImported(o, today);
    if (why) {
      plan.skipped.set(why, (plan.skipped.get(why) ?? 0) + 1);
      continue;
    }
    const id = o.id!;
    const name = o.name!;
    const byUrl = existing.find((c) => sameOparlId(c.oparl, id));
    if (byUrl) {
      plan.unchanged.push(byUrl.id);
      continue;
    }
    const byName = committeeByName(
      existing.filter((c) => !linked.has(c.index)),
      o,
    ) as ExistingCommittee | undefined;
    if (byName) {
      if (byName.oparl) {
        plan.warnings.push(`${byName.id} has the name of "${name}" (${id}) but oparl: ${byName.oparl}: left as it is`);
        continue;
      }
      linked.add(byName.index);
      plan.link.push({ index: byName.index, id: byName.id, oparl: id, name });
      continue;
    }
    const base = committeeId(o.shortName ?? name);
    let cid = base;
    for (let n = 2; taken.has(cid.toLowerCase()); n++) cid = `${base}-${n}`;
    taken.add(cid.toLowerCase());
    const classification = classificationOf(o.classification);
    if (o.classification && !classification) unknownClass.set(o.classification, [...(unknownClass.get(o.classification) ?? []), cid]);
    const committee: AddedCommittee = { id: cid, name, ...(o.shortName ? { shortName: o.shortName } : {}), ...(classification ? { classification } : {}), oparl: id };
    plan.add.push(cid === base ? { committee } : { committee, note: `the id ${base} is taken, so it is ${cid}` });
  }
  for (const [c, ids] of unknownClass) {
    plan.warnings.push(`classification "${c}" is not one of ${COMMITTEE_CLASSIFICATIONS.join(', ')}: left out for ${ids.join(', ')}`);
  }
  return plan;
}
