// One Lambda invocation of a bundled handler, in a process of its own (a Lambda
// instance's cold start): node invoke-bundle.mjs <respond.mjs> <result file>, event on stdin.
// Writes {"result": ...} or {"error": {"name", "message"}} (the invocation failed) to the result file.
// PARRY_E2E_REQUEST_ID: the context's awsRequestId (Lambda's retry of an invocation keeps it).
// PARRY_E2E_CLOCK_OFFSET_MS: moves the process's clock (Date.now), so that a test chooses the hour.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [bundle, out] = process.argv.slice(2);
const event = JSON.parse(readFileSync(0, 'utf8'));
const offset = Number(process.env.PARRY_E2E_CLOCK_OFFSET_MS ?? '0');
if (offset) {
  const real = Date.now;
  Date.now = () => real() + offset;
}
const context = {
  functionName: 'parry-e2e-respond',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:parry-e2e-respond',
  memoryLimitInMB: '512',
  awsRequestId: process.env.PARRY_E2E_REQUEST_ID ?? `e2e-${process.pid}`,
  logGroupName: '/aws/lambda/parry-e2e-respond',
  logStreamName: 'e2e',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
};
const { handler } = await import(pathToFileURL(bundle).href);
try {
  writeFileSync(out, JSON.stringify({ result: await handler(event, context) }));
} catch (error) {
  writeFileSync(out, JSON.stringify({ error: { name: error.name, message: error.message } }));
}
