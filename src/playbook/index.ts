export { PlaybookError, type SourcePosition } from './errors.js';
export { isTestFile, type LoadResult, loadPlaybooks } from './load.js';
export { MAX_PLAYBOOK_BYTES, parsePlaybook } from './load-file.js';
export type { OnError, Playbook, PlaybookAction } from './types.js';
