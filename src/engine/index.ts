export { createExecutor } from './executor.js';
export { guardReason } from './guards.js';
export { isOwnPrincipal, roleOf } from './principal.js';
export type { EventResult, PlaybookResult, PlaybookStatus } from './result.js';
export {
  type ActionExecutor,
  type GateDecision,
  type RunGate,
  type RunOptions,
  type RunTicket,
  runEvent,
  runPlaybook,
} from './run.js';
