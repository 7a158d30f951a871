import { z } from 'zod';
import { ORIGINAL_GROUPS_TAG } from '../quarantine-instance/tags.js';
import { EC2_ID, TAGGABLE } from './ids.js';

const ec2Id = z
  .string()
  .regex(EC2_ID, 'not an EC2 resource id (like i-0abc1234def567890)')
  .refine(
    (id) => (TAGGABLE as readonly string[]).includes(id.slice(0, id.lastIndexOf('-'))),
    `parry's role may tag only instances, security groups, volumes, network interfaces, snapshots and AMIs (${TAGGABLE.map((p) => `${p}-`).join(', ')})`,
  );

/** EC2 counts tag lengths in Unicode characters, not UTF-16 units. */
const chars = (text: string): number => [...text].length;

const tagKey = z
  .string()
  .min(1, 'a tag key cannot be empty')
  .refine((key) => chars(key) <= 128, 'a tag key has at most 128 characters')
  .refine((key) => !/^aws:/i.test(key), 'the aws: prefix is reserved for AWS')
  .refine(
    (key) => !key.startsWith(ORIGINAL_GROUPS_TAG),
    `${ORIGINAL_GROUPS_TAG} holds what quarantine-instance needs to undo a quarantine`,
  );

/** A template that is a whole value renders to its type (`{{ detail.severity }}` is 8): tags take its text. */
const tagValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((value) => (value === null ? '' : String(value)))
  .pipe(
    z.string().refine((value) => chars(value) <= 256, 'a tag value has at most 256 characters'),
  );

export const tagParams = z.strictObject({
  tags: z
    .record(tagKey, tagValue)
    .refine((tags) => Object.keys(tags).length >= 1, 'give at least one tag')
    .refine(
      (tags) => Object.keys(tags).length <= 50,
      'at most 50 tags (EC2 allows 50 per resource)',
    )
    .describe('Tags to set, key: value; values may be templates, e.g. incident: "{{ detail.id }}"'),
  resources: z
    .union([ec2Id, z.array(ec2Id).min(1).max(1000)])
    .optional()
    .describe('EC2 resource ids to tag instead of those the event names; one id or a list'),
});

export type TagParams = z.output<typeof tagParams>;
