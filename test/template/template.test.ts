import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  compileValue,
  MissingPathError,
  renderValue,
  TemplateSyntaxError,
} from '../../src/template/index.js';

const event = {
  id: 'e-1',
  'detail-type': 'GuardDuty Finding',
  detail: {
    type: 'Backdoor:EC2/C&CActivity.B',
    severity: 8,
    resource: {
      instanceDetails: {
        instanceId: 'i-0abc',
        networkInterfaces: [
          { networkInterfaceId: 'eni-1', ipv6Addresses: [] },
          { networkInterfaceId: 'eni-2', ipv6Addresses: ['2001:db8::1'] },
        ],
      },
    },
  },
};

describe('compileTemplate', () => {
  it.each([
    ['{{ detail.type }}', 'Backdoor:EC2/C&CActivity.B'],
    ['{{detail.severity}}', 8],
    ['{{ detail-type }}', 'GuardDuty Finding'],
    ['{{ event.id }}', 'e-1'],
    ['{{ detail.resource.instanceDetails.networkInterfaces[1].networkInterfaceId }}', 'eni-2'],
    [
      '{{ detail.resource.instanceDetails.networkInterfaces[*].networkInterfaceId }}',
      ['eni-1', 'eni-2'],
    ],
    [
      'Quarantined {{ detail.resource.instanceDetails.instanceId }} ({{ detail.type }})',
      'Quarantined i-0abc (Backdoor:EC2/C&CActivity.B)',
    ],
    ['sev {{ detail.severity }}', 'sev 8'],
    [
      'enis {{ detail.resource.instanceDetails.networkInterfaces[*].networkInterfaceId }}',
      'enis eni-1, eni-2',
    ],
    ['no template here', 'no template here'],
  ])('renders %s', (source, expected) => {
    expect(compileTemplate(source).render(event)).toEqual(expected);
  });

  it.each([
    ['{{ detail.type', /unclosed/],
    ['detail.type }}', /without/],
    ['{{ }}', /empty/],
    ['{{ detial.type }}', /must start with one of/],
    ['{{ detail..type }}', /bad path/],
    ['{{ detail.list[x] }}', /bad path/],
    ['{{ detail.type | upper }}', /bad path/],
    ['{{ {{ detail.type }} }}', /nested|bad path/],
  ])('rejects %s', (source, message) => {
    expect(() => compileTemplate(source)).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate(source)).toThrow(message);
  });

  it.each([
    ['{{ detail.missing }}', 'detail.missing'],
    [
      '{{ detail.resource.instanceDetails.networkInterfaces[5].networkInterfaceId }}',
      'networkInterfaces[5]',
    ],
    ['{{ detail.type.deeper }}', 'detail.type.deeper'],
    ['x {{ detail.resource.instanceDetails.networkInterfaces[*].nope }}', 'nope'],
  ])('reports the missing path of %s instead of rendering an empty string', (source, at) => {
    const template = compileTemplate(source);
    expect(() => template.render(event)).toThrow(MissingPathError);
    expect(() => template.render(event)).toThrow(at);
  });

  it('never reads inherited properties such as __proto__ or constructor', () => {
    expect(() => compileTemplate('{{ detail.constructor }}').render(event)).toThrow(
      MissingPathError,
    );
    expect(() => compileTemplate('{{ detail.__proto__ }}').render(event)).toThrow(MissingPathError);
    const hostile = JSON.parse('{"detail":{"__proto__":{"x":1}}}');
    expect(compileTemplate('{{ detail.__proto__.x }}').render(hostile)).toBe(1);
  });
});

describe('compileValue', () => {
  it('renders templates anywhere in a params tree and keeps literals', () => {
    const compiled = compileValue({
      subject: 'On {{ detail.resource.instanceDetails.instanceId }}',
      ids: ['{{ detail.resource.instanceDetails.instanceId }}', 'i-fixed'],
      stop: false,
    });
    expect(renderValue(compiled, event)).toEqual({
      subject: 'On i-0abc',
      ids: ['i-0abc', 'i-fixed'],
      stop: false,
    });
  });

  it('names where in the params a bad template is', () => {
    expect(() => compileValue({ nested: { list: ['ok', '{{ nope'] } })).toThrow(
      expect.objectContaining({ path: ['nested', 'list', 1] }),
    );
  });
});
