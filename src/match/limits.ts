/**
 * Hard bounds. Each one is either an AWS limit or a guard that no pattern AWS accepts can hit.
 */

/**
 * EventBridge's "Event pattern size" quota defaults to 2048 characters and can be raised to
 * 4096, which is also the API's length constraint; only the hard ceiling is enforced here
 * because the quota is per account.
 */
export const MAX_PATTERN_LENGTH = 4096;

/** Nesting guard for patterns (objects and arrays); real patterns stay under ten levels. */
export const MAX_PATTERN_DEPTH = 64;

/** event-ruler's GenericMachine refuses sub-rules with more fields than this. */
export const MAX_FIELDS_PER_RULE = 256;

/**
 * `$or` branches multiply; this caps the expansion so a 4 KB pattern cannot ask for 2^100
 * sub-rules. No realistic pattern comes near it.
 */
export const MAX_SUB_RULES = 1024;

/**
 * AWS rejects a rule when a worst-case value could be matched by this many wildcard pattern
 * prefixes at once (event-ruler's MachineComplexityEvaluator). The exact threshold is not
 * published; see wildcard.ts for the data points it was inferred from.
 */
export const MAX_WILDCARD_COMPLEXITY = 10;

/** Budget for the subset construction that measures wildcard complexity. */
export const MAX_COMPLEXITY_STATES = 20_000;

/** PutEvents rejects events nested deeper than this, so deeper values never match. */
export const MAX_EVENT_DEPTH = 1100;
