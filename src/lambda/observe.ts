import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ActionResult } from '../actions/types.js';
import type { EventResult, PlaybookResult } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import { subjectOf } from './run-key.js';

const METRIC_OF_STATUS: Record<Exclude<PlaybookResult['status'], 'skipped'>, string> = {
  executed: 'Executed',
  failed: 'Failed',
  planned: 'Planned',
};

/** `vetoed by unless[0]` → `vetoed by unless`: a small set of dimension values. */
const reasonKind = (reason: string | undefined): string =>
  (reason ?? 'unknown').split(/[:([]/)[0]?.trim() || 'unknown';

function countPlaybook(p: PlaybookResult, metrics: Metrics): void {
  if (p.status === 'skipped') {
    metrics
      .singleMetric()
      .addDimension('reason', reasonKind(p.reason))
      .addMetric('Skipped', MetricUnit.Count, 1);
    return;
  }
  metrics.addMetric(METRIC_OF_STATUS[p.status], MetricUnit.Count, 1);
}

function logAction(a: ActionResult, fields: Record<string, unknown>, logger: Logger): void {
  const line = {
    ...fields,
    action: a.type,
    target: a.target,
    outcome: a.status,
    reason: a.reason,
    error: a.error,
    calls: a.calls.length,
  };
  if (a.status === 'failed') logger.error(`action ${a.status}`, line);
  else logger.info(`action ${a.status}`, line);
}

/** One structured log line per playbook and per action, and EMF counts by outcome. */
export function observe(
  result: EventResult,
  event: EventBridgeEvent,
  logger: Logger,
  metrics: Metrics,
): void {
  const findingId = event.source === 'aws.guardduty' ? subjectOf(event) : undefined;
  if (result.playbooks.length > 0)
    metrics.addMetric('Matched', MetricUnit.Count, result.playbooks.length);
  for (const p of result.playbooks) {
    const fields = {
      eventId: event.id,
      findingId,
      playbook: p.name,
      mode: p.mode,
      outcome: p.status,
      reason: p.reason,
    };
    logger.info(`playbook ${p.status}`, fields);
    countPlaybook(p, metrics);
    for (const a of p.actions) logAction(a, fields, logger);
  }
}
