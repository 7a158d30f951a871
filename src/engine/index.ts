export { guardReason } from './guards.js';
export { isOwnPrincipal, roleOf } from './principal.js';
export type { EventResult, PlaybookResult, PlaybookStatus } from './result.js';
export { type ActionExecutor, type RunOptions, runEvent, runPlaybook } from './run.js';
export { createExecutor } from './executor.js';
