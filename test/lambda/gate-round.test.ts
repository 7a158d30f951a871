import {
  DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActionBehaviour } from '../../src/actions/types.js';
import { runEvent } from '../../src/engine/index.js';
import { CircuitBreaker } from '../../src/lambda/breaker.js';
import { createGate, type GateEvents } from '../../src/lambda/gate.js';
import { RunLedger } from '../../src/lambda/ledger.js';
import { type Playbook, parsePlaybook } from '../../src/playbook/index.js';
import { sampleEvent } from '../helpers/events.js';
import { TEST_NOW, testSettings } from '../helpers/execute.js';

// The gate's DynamoDB writes, held until the test lets them answer: what was
// sent before any answer came is what one round trip carries.
const dynamo = mockClient(DynamoDBClient);
let log: string[];
let answer: () => void;

function holdAnswers(): void {
  log = [];
  const answered = new Promise<void>((release) => {
    answer = release;
  });
  const held = (what: string) => async () => {
    log.push(`sent ${what}`);
    await answered;
    log.push(`answered ${what}`);
    return {};
  };
  dynamo
    .on(PutItemCommand)
    .callsFake((input: PutItemCommandInput) => held(`PutItem ${input.Item?.pk?.S}`)());
  dynamo
    .on(UpdateItemCommand)
    .callsFake((input: UpdateItemCommandInput) => held(`UpdateItem ${input.Key?.pk?.S}`)());
}

const quiet: GateEvents = {
  deduplicated: () => {},
  deferred: async () => {
    throw new Error('not deferred in this test');
  },
  writeFailed: () => {},
};

function gate() {
  const client = new DynamoDBClient({ region: 'us-east-1' });
  const clock = () => TEST_NOW.getTime();
  const ledger = new RunLedger({
    client,
    table: 'runs',
    windowSeconds: 3600,
    leaseSeconds: 70,
    clock,
  });
  const breaker = new CircuitBreaker({ client, table: 'runs', maxRunsPerHour: 20, clock });
  return createGate({ ledger, breaker, events: quiet }, { requestId: 'req-1' });
}

function quarantinePlaybook(): Playbook {
  const { playbook, errors } = parsePlaybook(
    'name: contain\nmode: enforce\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: quarantine-instance\n',
    'contain.yml',
  );
  expect(errors).toEqual([]);
  if (!playbook) throw new Error('no playbook');
  return playbook;
}

/** Lets the test's event loop turn until the gate has sent what it sends without an answer. */
const settle = () => new Promise((done) => setTimeout(done, 20));

beforeEach(() => {
  dynamo.reset();
  holdAnswers();
});

describe("the Lambda's gate, before a state-changing run", () => {
  it('claims the run and counts it in the breaker in one round trip: both writes are sent before either answers', async () => {
    const event = sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json');
    const entered = gate().enter(quarantinePlaybook(), event);
    await settle();
    expect(log).toEqual([
      `sent PutItem run#contain#${String(event.detail.id)}`,
      'sent UpdateItem breaker#111122223333#2026-11-22T10',
    ]);
    answer();
    expect((await entered).kind).toBe('run');
    expect(log.slice(2).sort()).toEqual([
      `answered PutItem run#contain#${String(event.detail.id)}`,
      'answered UpdateItem breaker#111122223333#2026-11-22T10',
    ]);
  });

  it("starts loading the actions' code before the gate answers (a head start)", async () => {
    const playbook = quarantinePlaybook();
    const loads: string[] = [];
    const [action] = playbook.actions;
    if (!action) throw new Error('no action');
    const behaviour: ActionBehaviour = {
      ...action.behaviour,
      load: async () => {
        loads.push(
          `loaded with ${log.filter((l) => l.startsWith('answered')).length} gate answer(s) in`,
        );
      },
      execute: async () => ({ status: 'succeeded' }),
    };
    const acting: Playbook = { ...playbook, actions: [{ ...action, behaviour }] };
    const prepared: string[] = [];
    const ran = runEvent(
      sampleEvent('guardduty/backdoor-ec2-c-and-c-activity.json'),
      'x',
      [acting],
      {
        settings: testSettings(),
        now: () => TEST_NOW,
        gate: gate(),
        executor: {
          prepare: (p) => prepared.push(p.name),
          execute: async ({ planned }) => ({ ...planned, status: 'succeeded' }),
        },
      },
    );
    await settle();
    expect(loads).toEqual(['loaded with 0 gate answer(s) in']);
    expect(prepared).toEqual(['contain']);
    expect(log.filter((l) => l.startsWith('answered'))).toEqual([]);
    answer();
    expect((await ran).playbooks[0]?.status).toBe('executed');
  });
});
