import { type Command, Option } from 'commander';
import { readSettings, type Settings } from '../settings.js';
import { type Io, UserError } from './io.js';

/** `--profile` and `--region`, for every command that calls AWS. */
export interface AwsOptions {
  profile?: string;
  region?: string;
}

/**
 * Adds `--profile` and `--region` to a command that calls AWS (`replay
 * --execute`, `doctor`): the shared credentials profile, and the region used
 * where an event names none.
 * @example addAwsOptions(root.command('doctor')).action((opts: AwsOptions) => ...)
 */
export function addAwsOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--profile <name>', 'AWS profile for credentials (~/.aws/config)').env(
        'AWS_PROFILE',
      ),
    )
    .addOption(
      new Option('--region <region>', 'AWS region where an event names none (default AWS_REGION)'),
    );
}

/** The settings of the environment, with `--region` as AWS_REGION. */
export const awsSettings = (io: Io, options: AwsOptions): Settings =>
  readSettings(options.region ? { ...io.env, AWS_REGION: options.region } : io.env);

/** SDK client config for the options: the profile's credentials (member roles are assumed from them). */
export const awsClientConfig = (options: AwsOptions): Record<string, unknown> =>
  options.profile ? { profile: options.profile } : {};

/**
 * Resolves the credentials once, before any event is read, so that a profile
 * that cannot be used is named (the SDK would otherwise fail each action with
 * "Could not load credentials from any providers"). Nothing is sent to AWS
 * for static, environment or shared-file credentials.
 * @example await checkCredentials({ profile: 'prod' })
 */
export async function checkCredentials(options: AwsOptions): Promise<void> {
  const { fromIni, fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
  try {
    // A named profile is read as the SDK reads it, so its own error is kept.
    await (options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain())();
  } catch (error) {
    const e = error as { name?: string; message?: string };
    const text = (e.message ?? String(error)).split('\n')[0];
    const which = options.profile
      ? `profile "${options.profile}"`
      : 'the default credential chain (no --profile or AWS_PROFILE)';
    throw new UserError(`cannot get AWS credentials from ${which}: ${text}`, { cause: error });
  }
}
