import { PLAYBOOKS } from 'parry:playbooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { readRuntimeConfig } from '../src/lambda/config.js';
import { respond } from '../src/lambda/respond.js';
import { createResponderDeps } from '../src/lambda/runtime.js';
import { compileBundled } from '../src/playbook/compile-bundled.js';
import { readSettings } from '../src/settings.js';

// Once per cold start: settings checked, playbooks compiled, clients created lazily on first use.
const logger = new Logger({ serviceName: 'parry' });
const metrics = new Metrics({ namespace: 'Parry', serviceName: 'parry' });
const deps = createResponderDeps({
  playbooks: compileBundled(PLAYBOOKS),
  settings: readSettings(process.env),
  config: readRuntimeConfig(process.env),
  logger,
  metrics,
});

/** The bare handler, for tests and `npm run invoke`; Lambda's request id lets a retry take its run back. */
export const respondToEvent = (event: unknown, context?: { awsRequestId?: string }) =>
  respond(event, deps, { requestId: context?.awsRequestId });

/** The deployed handler: structured logs with the Lambda context, EMF metrics flushed per invocation. */
export const handler = middy(respondToEvent)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics, { captureColdStartMetric: true }));
