/** The bus policy the stack's ParryOrganizationBusPolicy puts (stage prod): the Organization may put events. */
export const organizationBusPolicy = (account: string, region: string, organizationId: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'parry-prod-organization-members',
      Effect: 'Allow',
      Principal: '*',
      Action: 'events:PutEvents',
      Resource: `arn:aws:events:${region}:${account}:event-bus/default`,
      Condition: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
    },
  ],
});
