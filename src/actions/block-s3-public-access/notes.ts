/** The README's reference for block-s3-public-access. */
export const blockS3PublicAccessNotes = `
Turns on S3 Block Public Access for the bucket a call made public, or could have:
\`PutBucketPolicy\`, \`PutBucketAcl\`, \`DeleteBucketPublicAccessBlock\` (CloudTrail's name
for the \`DeletePublicAccessBlock\` API) and \`PutBucketPublicAccessBlock\` (a weakened
block). The bucket is \`requestParameters.bucketName\`. All four settings are set:
\`BlockPublicAcls\`, \`IgnorePublicAcls\`, \`BlockPublicPolicy\`, \`RestrictPublicBuckets\`.
The bucket policy and ACLs themselves are left as they are (the evidence): with the block
on, S3 ignores public ACLs, and a public policy only lets AWS service principals and
authorized users of the bucket owner's account in.

Steps (bucket-level S3 API, each with \`ExpectedBucketOwner\` = the event's account, so a
bucket of another account is refused rather than changed):

1. \`s3:GetBucketTagging\` (API \`GetBucketTagging\`). Tagged with the exempt tag
   (\`parry:exempt\` by default, compared without regard to case): **skipped**, the other
   calls are reported as not made. \`NoSuchTagSet\` means no tags (the call shows as
   \`tolerated\`).
2. \`s3:GetBucketPublicAccessBlock\` (API \`GetPublicAccessBlock\`). All four already
   true: **skipped**, reason \`already blocked ...: nothing to do\` (running twice is safe).
   \`NoSuchPublicAccessBlockConfiguration\` means none is set (the call shows as
   \`tolerated\`): go on.
3. \`s3:PutBucketPublicAccessBlock\` (API \`PutPublicAccessBlock\`) with all four true.
   The details keep the configuration found before (\`before\`, \`null\` when none).

A bucket meant to be public (a static website, public datasets) stops serving publicly:
tag such buckets with the exempt tag. The account-level block (S3 Control) is not
touched.

Refuses (the action fails for this event): an event that is not an S3 call
(\`eventSource\` \`s3.amazonaws.com\`) or names no bucket.
`.trim();
