import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EventResult } from '../engine/index.js';
import type { EventBridgeEvent } from '../event/envelope.js';
import { subjectOf } from './run-key.js';

/** One structured log line per playbook and per action, and EMF counts by outcome. */
export function observe(
  result: EventResult,
  event: EventBridgeEvent,
  logger: Logger,
  metrics: Metrics,
): void {
  const base = {
    eventId: event.id,
    findingId: event.source === 'aws.guardduty' ? subjectOf(event) : undefined,
  };
  if (result.playbooks.length > 0)
    metrics.addMetric('Matched', MetricUnit.Count, result.playbooks.length);
  for (const p of result.playbooks) {
    const playbook = {
      ...base,
      playbook: p.name,
      mode: p.mode,
      outcome: p.status,
      reason: p.reason,
    };
    logger.info(`playbook ${p.status}`, playbook);
    if (p.status === 'skipped') {
      const reason = (p.reason ?? 'unknown').split(/[:(]/)[0]?.trim() ?? 'unknown';
      metrics
        .singleMetric()
        .addDimension('reason', reason)
        .addMetric('Skipped', MetricUnit.Count, 1);
    } else {
      metrics.addMetric(
        p.status === 'executed' ? 'Executed' : p.status === 'failed' ? 'Failed' : 'Planned',
        MetricUnit.Count,
        1,
      );
    }
    for (const a of p.actions) {
      const fields = {
        ...playbook,
        action: a.type,
        target: a.target,
        outcome: a.status,
        reason: a.reason,
        error: a.error,
        calls: a.calls.length,
      };
      if (a.status === 'failed') logger.error(`action ${a.status}`, fields);
      else logger.info(`action ${a.status}`, fields);
    }
  }
}
