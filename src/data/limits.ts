/** Limits that keep hostile input from exhausting memory or time. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/**
 * How many values aliases (*name) may add to a file in total. A legitimate file repeats a small
 * anchored block a few dozen times; a "billion laughs" file multiplies it exponentially.
 */
export const MAX_ALIAS_VALUES = 10_000;
/** How deep mappings and lists may nest. A deck is about six levels deep; 10 000 `[` are an attack. */
export const MAX_DEPTH = 100;
