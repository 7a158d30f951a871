import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AwsSession, ClientFactory, RETRY_CONFIG } from '../aws/index.js';
import { createExecutor } from '../engine/index.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { CircuitBreaker } from './breaker.js';
import { publishBreakerAlert } from './breaker-alert.js';
import type { RuntimeConfig } from './config.js';
import { createGate } from './gate.js';
import { RunLedger } from './ledger.js';
import type { ResponderDeps } from './respond.js';

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
  const gate = createGate(ledger, breaker, {
    deduplicated(playbook, event, reason) {
      logger.info('deduplicated', { eventId: event.id, playbook: playbook.name, reason });
      metrics.addMetric('Deduplicated', MetricUnit.Count, 1);
    },
    async breakerTripped(account, hour, firstTrip) {
      logger.warn('circuit breaker tripped', { account, hour, firstTrip });
      metrics.addMetric('CircuitBreakerTrips', MetricUnit.Count, 1);
      if (!firstTrip) return;
      const own = {
        account: settings.responderAccount ?? account,
        region: settings.region ?? 'us-east-1',
      };
      const aws = new AwsSession(factory, own, { playbook: 'circuit-breaker', action: 'notify' });
      await publishBreakerAlert(aws, settings, account, hour, config.maxActionsPerHour);
    },
  });
  return {
    playbooks,
    settings,
    logger,
    metrics,
    gate,
    executor: createExecutor(factory, settings),
  };
}
