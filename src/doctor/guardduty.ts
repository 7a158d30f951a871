import {
  DescribeOrganizationConfigurationCommand,
  GetDetectorCommand,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import { describeError, errorName } from './aws-errors.js';
import type { DoctorContext } from './context.js';
import { type Finding, gap, notChecked, ok, unknown } from './findings.js';

/**
 * GuardDuty is on in the Region and this account is its delegated
 * administrator there, with members enabled automatically: only then do
 * the members' findings arrive on this account's bus. The delegated
 * administrator is designated per Region
 * (https://docs.aws.amazon.com/guardduty/latest/ug/organizations_permissions.html),
 * and only it may call DescribeOrganizationConfiguration
 * (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DescribeOrganizationConfiguration.html).
 */
export async function checkGuardDuty(ctx: DoctorContext, region: string): Promise<Finding> {
  const guardduty = ctx.clients.guardduty(region);
  const designate = `in the management account: aws guardduty enable-organization-admin-account --admin-account-id ${ctx.account} --region ${region}`;
  let detectorId: string | undefined;
  try {
    detectorId = (await guardduty.send(new ListDetectorsCommand({}))).DetectorIds?.[0];
  } catch (error) {
    return notChecked(region, 'guardduty', error, 'guardduty:ListDetectors');
  }
  if (!detectorId) return gap(region, 'guardduty', `GuardDuty is off in ${region}`, designate);
  try {
    const detector = await guardduty.send(new GetDetectorCommand({ DetectorId: detectorId }));
    if (detector.Status !== 'ENABLED')
      return gap(
        region,
        'guardduty',
        `detector ${detectorId} is ${detector.Status ?? 'not enabled'}`,
        `aws guardduty update-detector --detector-id ${detectorId} --enable --region ${region}`,
      );
  } catch (error) {
    return notChecked(region, 'guardduty', error, 'guardduty:GetDetector');
  }
  if (!ctx.organizationId) return ok(region, 'guardduty', `detector ${detectorId} enabled`);
  try {
    const config = await guardduty.send(
      new DescribeOrganizationConfigurationCommand({ DetectorId: detectorId }),
    );
    if (
      config.AutoEnableOrganizationMembers === 'NONE' ||
      (!config.AutoEnableOrganizationMembers && !config.AutoEnable)
    )
      return gap(
        region,
        'guardduty',
        'this account is the delegated administrator, but GuardDuty is not enabled for member accounts automatically',
        `aws guardduty update-organization-configuration --detector-id ${detectorId} --auto-enable-organization-members ALL --region ${region}`,
      );
    return ok(
      region,
      'guardduty',
      `delegated administrator; members enabled: ${config.AutoEnableOrganizationMembers ?? 'NEW'}`,
    );
  } catch (error) {
    // Any account other than the delegated administrator gets BadRequestException here.
    if (errorName(error) === 'BadRequestException')
      return gap(
        region,
        'guardduty',
        `${ctx.account} is not GuardDuty's delegated administrator in ${region}: members' findings go elsewhere`,
        designate,
      );
    return unknown(
      region,
      'guardduty',
      `could not check the delegated administrator: ${describeError(error)}`,
      'allow the caller guardduty:DescribeOrganizationConfiguration',
    );
  }
}
