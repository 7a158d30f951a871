import { describe, expect, it } from 'vitest';
import { toEventBridgeTime } from '../../src/intake/time.js';

describe('toEventBridgeTime', () => {
  it.each([
    ['2019-11-14T00:51:00Z', '2019-11-14T00:51:00Z'],
    ['2017-10-31T23:16:23.824Z', '2017-10-31T23:16:23Z'],
    ['2025-02-25 20:40:06.721', '2025-02-25T20:40:06Z'],
    ['2024-01-01T01:00:00+01:00', '2024-01-01T00:00:00Z'],
    ['2024-01-01T01:00:00+0100', '2024-01-01T00:00:00Z'],
    [1704067200, '2024-01-01T00:00:00Z'],
    [1704067200123, '2024-01-01T00:00:00Z'],
  ])('writes %j as %s, in UTC to the second', (input, expected) => {
    expect(toEventBridgeTime(input)).toBe(expected);
  });

  it.each([['...'], ['redacted'], [''], ['2024-13-45T99:00:00Z'], [null], [true], [1e300], [{}]])(
    'rejects %j',
    (input) => {
      expect(toEventBridgeTime(input)).toBeUndefined();
    },
  );
});
