import { describe, expect, it } from 'vitest';
import {
  checkDeployment,
  checkStageParams,
  STAGE_PARAM_NAMES,
  StageParamError,
} from '../../src/stack/stage-params.js';

/** serverless.yml's `params: default:` as osls resolves them. */
const DEFAULTS = {
  eventBus: 'default',
  memberRoleName: 'parry-responder',
  externalId: '',
  mode: '',
  maxActionsPerHour: 20,
  dedupeWindowHours: 168,
  reservedConcurrency: 10,
  logRetentionDays: 90,
  alarmEmail: '',
  organizationId: '',
};

describe('stage params at package time', () => {
  it('accepts the defaults and typed values from --param', () => {
    expect(checkStageParams(DEFAULTS, [])).toMatchObject({ maxActionsPerHour: 20, mode: '' });
    const given = {
      ...DEFAULTS,
      mode: 'dry-run',
      maxActionsPerHour: '5',
      organizationId: 'o-a1b2c3d4e5',
    };
    expect(checkStageParams(given, ['mode', 'maxActionsPerHour', 'organizationId'])).toMatchObject({
      mode: 'dry-run',
      maxActionsPerHour: 5,
      organizationId: 'o-a1b2c3d4e5',
    });
  });

  it.each([
    ['mode', 'dryrun', 'stage param "mode": "dryrun" is not one of dry-run, enforce'],
    ['maxActionsPerHour', 'lots', 'stage param "maxActionsPerHour": "lots" is not a whole number'],
    ['reservedConcurrency', '0', 'stage param "reservedConcurrency": "0" is below 1'],
    [
      'logRetentionDays',
      '10',
      'stage param "logRetentionDays": "10" is not a CloudWatch Logs retention',
    ],
    ['alarmEmail', 'secops', 'stage param "alarmEmail": "secops" is not an email address'],
    [
      'organizationId',
      'r-abcd',
      'stage param "organizationId": "r-abcd" is not an Organization id (o-...)',
    ],
    ['memberRoleName', 'a role', 'stage param "memberRoleName": "a role" is not an IAM role name'],
    ['externalId', 'x', 'stage param "externalId": "x" is not an STS external id'],
    ['eventBus', 'a bus', 'stage param "eventBus": "a bus" is not an event bus name'],
  ])('rejects %s=%s with one line naming it', (name, value, message) => {
    const check = () => checkStageParams({ ...DEFAULTS, [name]: value }, [name]);
    expect(check).toThrow(StageParamError);
    expect(check).toThrow(message);
    expect(() => check()).not.toThrow(/\n/);
  });

  it('rejects a param osls would silently ignore, naming the known ones', () => {
    expect(() => checkStageParams(DEFAULTS, ['notifyEmail'])).toThrow(
      `unknown stage param "notifyEmail" (known: ${STAGE_PARAM_NAMES.join(', ')})`,
    );
  });
});

describe('stage and Region', () => {
  const parry = (stage: string) => ({ service: 'parry', stage });

  it('accepts a stage whose names fit in every Region', () => {
    expect(() => checkDeployment(parry('prod'), 'ap-southeast-2')).not.toThrow();
  });

  it.each([
    [parry('prod_1'), 'us-east-1', 'stage "prod_1": use letters, digits and "-" only'],
    [parry('prod'), 'mars-1', 'region "mars-1": not an AWS Region'],
    [parry('a'.repeat(40)), 'ap-southeast-2', 'is longer than 64 characters; use a shorter stage'],
    [parry('a'.repeat(36)), 'us-east-1', 'too long for rule names'],
  ])('rejects %j in %s', (naming, region, message) => {
    expect(() => checkDeployment(naming, region)).toThrow(message);
  });
});
