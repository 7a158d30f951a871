import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockS3PublicAccess } from '../../../src/actions/block-s3-public-access/index.js';
import { revokeSecurityGroupIngress } from '../../../src/actions/revoke-security-group-ingress/index.js';
import { startLogging } from '../../../src/actions/start-logging/index.js';

const DEFINITIONS = [
  {
    folder: 'revoke-security-group-ingress',
    definition: revokeSecurityGroupIngress,
    permissions: [
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSecurityGroupRules',
      'ec2:RevokeSecurityGroupIngress',
    ],
  },
  {
    folder: 'start-logging',
    definition: startLogging,
    permissions: ['cloudtrail:ListTags', 'cloudtrail:GetTrailStatus', 'cloudtrail:StartLogging'],
  },
  {
    folder: 'block-s3-public-access',
    definition: blockS3PublicAccess,
    permissions: [
      's3:GetBucketTagging',
      's3:GetBucketPublicAccessBlock',
      's3:PutBucketPublicAccessBlock',
    ],
  },
];

const sourceOf = (folder: string): { file: string; text: string }[] => {
  const dir = new URL(`../../../src/actions/${folder}/`, import.meta.url);
  return readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => ({ file, text: readFileSync(new URL(file, dir), 'utf8') }));
};

describe.each(DEFINITIONS)('$folder definition', ({ folder, definition, permissions }) => {
  it('is named after its folder', () => {
    expect(definition.type).toBe(folder);
  });

  it('asks IAM for exactly the calls it makes', () => {
    expect(definition.permissions).toEqual(permissions);
  });

  it('takes no params and refuses unknown ones', () => {
    expect(definition.params.parse({})).toEqual({});
    expect(definition.params.safeParse({ force: true }).success).toBe(false);
  });

  it('loads the AWS SDK only in execute.ts', () => {
    const importers = sourceOf(folder)
      .filter(({ text }) => /from '@aws-sdk\//.test(text))
      .map(({ file }) => file);

    expect(importers).toEqual(['execute.ts']);
  });
});
