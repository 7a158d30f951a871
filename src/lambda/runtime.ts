import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ActionResult } from '../actions/types.js';
import { ClientFactory, RETRY_CONFIG } from '../aws/index.js';
import { createExecutor } from '../engine/index.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { CircuitBreaker } from './breaker.js';
import { ALERT_TYPE, publishBreakerAlert } from './breaker-alert.js';
import type { RuntimeConfig } from './config.js';
import { createGate, type GateEvents } from './gate.js';
import { RunLedger } from './ledger.js';
import type { ResponderDeps } from './respond.js';
import { subjectOf } from './run-key.js';

export interface RuntimeParts {
  playbooks: readonly Playbook[];
  settings: Settings;
  config: RuntimeConfig;
  logger: Logger;
  metrics: Metrics;
  factory?: ClientFactory;
  dynamo?: DynamoDBClient;
  clock?: () => number;
}

export class MissingTableError extends Error {
  override readonly name = 'MissingTableError';
}

/** Without PARRY_NOTIFY_TOPIC_ARN the deferral is only logged and counted: its report says so. */
const noTopic = (): ActionResult => ({
  type: ALERT_TYPE,
  params: {},
  status: 'skipped',
  reason:
    'no topic: PARRY_NOTIFY_TOPIC_ARN is not set (the deferral is in the logs and the CircuitBreakerTrips metric)',
  calls: [],
});

/**
 * Wires the responder: executor, exactly-once ledger and circuit breaker.
 * Clients are created here once per cold start and reused while warm.
 */
export function createResponderDeps(parts: RuntimeParts): ResponderDeps {
  const { playbooks, settings, config, logger, metrics } = parts;
  if (config.planOnly) return { playbooks, settings, logger, metrics };
  if (!config.table)
    throw new MissingTableError(
      'PARRY_TABLE_NAME is not set: the exactly-once ledger needs its table',
    );
  const factory = parts.factory ?? new ClientFactory({ settings });
  const dynamo = parts.dynamo ?? new DynamoDBClient({ ...RETRY_CONFIG, region: settings.region });
  const clock = parts.clock;
  const ledger = new RunLedger({
    client: dynamo,
    table: config.table,
    windowSeconds: config.dedupeWindowSeconds,
    leaseSeconds: config.leaseSeconds,
    clock,
  });
  const breaker = new CircuitBreaker({
    client: dynamo,
    table: config.table,
    maxRunsPerHour: config.maxActionsPerHour,
    clock,
  });
  const events: GateEvents = {
    deduplicated(playbook, event, reason) {
      logger.info('deduplicated', { eventId: event.id, playbook: playbook.name, reason });
      metrics.addMetric('Deduplicated', MetricUnit.Count, 1);
    },
    async deferred(account, result, event) {
      logger.warn('circuit breaker deferred a run', {
        account,
        playbook: result.name,
        eventId: event.id,
        findingId: event.source === 'aws.guardduty' ? subjectOf(event) : undefined,
      });
      metrics.addMetric('CircuitBreakerTrips', MetricUnit.Count, 1);
      const deferred = { account, result, event, limit: config.maxActionsPerHour };
      if (!settings.notifyTopicArn) return noTopic();
      return publishBreakerAlert(factory, settings.notifyTopicArn, deferred);
    },
    writeFailed(what, error) {
      logger.error(`ledger write failed: ${what}`, { error: (error as Error).message });
    },
  };
  const gateParts = { ledger, breaker, events };
  return {
    playbooks,
    settings,
    logger,
    metrics,
    gate: (invocation) => createGate(gateParts, invocation),
    executor: createExecutor(factory, settings),
  };
}
