export { InvalidPatternError, type JsonPath } from './errors.js';
export {
  MAX_EVENT_DEPTH,
  MAX_PATTERN_DEPTH,
  MAX_PATTERN_LENGTH,
  MAX_WILDCARD_COMPLEXITY,
} from './limits.js';
export { compileMachine, type PatternMachine } from './machine.js';
export {
  type CompiledPattern,
  compilePattern,
  compilePatternText,
  matchesPattern,
} from './pattern.js';
