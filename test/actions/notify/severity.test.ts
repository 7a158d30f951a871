import { describe, expect, it } from 'vitest';
import { severityLabel, severityScore } from '../../../src/actions/notify/severity.js';

describe('severityLabel', () => {
  it.each([
    [1, 'Low'],
    [3.9, 'Low'],
    [4, 'Medium'],
    [5, 'Medium'],
    [6.9, 'Medium'],
    [7, 'High'],
    [8, 'High'],
    [8.9, 'High'],
    [9, 'Critical'],
    [10, 'Critical'],
  ])("labels %s as GuardDuty's %s", (score, label) => {
    expect(severityLabel(score)).toBe(label);
  });
});

describe('severityScore', () => {
  it.each([
    [8, 8],
    [8.5, 8.5],
    ['8.0', 8],
    [' 5 ', 5],
    ['', undefined],
    ['high', undefined],
    [null, undefined],
    [Number.NaN, undefined],
    [{}, undefined],
  ])('reads %j as %j', (value, score) => {
    expect(severityScore(value)).toBe(score);
  });
});
