export { classify } from './classify.js';
export {
  CLOUDTRAIL_DETAIL_TYPES,
  cloudTrailEventId,
  cloudTrailSource,
  isHeldBackAsReadOnly,
  type WrapOptions,
  wrapCloudTrailRecord,
} from './cloudtrail.js';
export { IntakeError } from './errors.js';
export { wrapGuardDutyFinding } from './guardduty.js';
export { MAX_DEPTH, parseValue } from './json.js';
export { readInputs, STDIN_SOURCE } from './read-files.js';
export {
  DEFAULT_MAX_BYTES,
  type IntakeItem,
  type IntakeOrigin,
  type ReadOptions,
} from './types.js';
