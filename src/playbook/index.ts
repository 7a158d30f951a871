export { type CollisionOptions, type CollisionResult, findCollisions } from './collisions.js';
export { PlaybookError, type SourcePosition } from './errors.js';
export {
  isTestFile,
  type LoadOptions,
  type LoadResult,
  listPlaybookFiles,
  loadPlaybooks,
  type PlaybookSource,
} from './load.js';
export { MAX_PLAYBOOK_BYTES, parsePlaybook } from './load-file.js';
export type { OnError, ParamsCheck, Playbook, PlaybookAction } from './types.js';
