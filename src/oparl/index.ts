/**
 * The OParl layer (issue 12): reading a city's council information system (OParl 1.0 and 1.1)
 * into the deck's session and paper, and its Gremien into ratsdeck.yaml. The parts:
 * client.ts (HTTP, the only importer of undici: allowed hosts, proxy, timeouts, retries),
 * json.ts (JSON with raw control characters repaired), normalise.ts (whatever a server sends
 * as small typed objects), reader.ts (objects and lists by URL or file, `_oparl/` via
 * cache.ts, ids that differ from where they answered), map.ts (committees, the agenda, values),
 * facts.ts (a deck's session and paper from a Meeting, AgendaItem or Paper), committees.ts
 * (the merge plan for `ratsdeck import committees`). Nothing here writes outside `_oparl/`.
 */
export { OparlClient, isLocalHost, type ClientOptions } from './client.js';
export { OparlCache, type CachedEntry } from './cache.js';
export { OparlError, type OparlFailure } from './errors.js';
export { OparlReader, rewriteFor, type ReaderOptions } from './reader.js';
export { cleanText, parseDateTime, type Kind, type LocalDateTime, type OMeeting, type OObject, type OOrganization, type OAgendaItem, type OPaper } from './normalise.js';
export { committeeByName, committeeByOparl, resultText, sameOparlId, type CommitteeRef } from './map.js';
export { deckFacts, meetingsOn, type DeckFacts, type FactsOptions } from './facts.js';
export { classificationOf, committeeId, planCommittees, type AddedCommittee, type CommitteePlan, type ExistingCommittee } from './committees.js';
