/**
 * The project stage: find the project root and ratsdeck.yaml, list the decks, and run the data
 * cascade (built-in defaults < ratsdeck.yaml < _data/** < the deck file) into a RawDeck that
 * remembers where every value came from. The parts live beside this file: discovery.ts,
 * config.ts (ratsdeck.yaml's own settings), cascade.ts and merge.ts, assets.ts, theme.ts.
 */
export { BUILTIN_DEFAULTS, CONFIG_FILE, DATA_DIR, OPARL_DIR, SESSIONS_DIR, deckId, findProject, isDeckFolderName, listDecks, resolveDeckPaths, type Project } from './discovery.js';
export { loadDeck, type LoadDeckOptions, type LoadedDeck } from './cascade.js';
export { IMAGE_EXTENSIONS } from './assets.js';
export { checkTheme } from './theme.js';
