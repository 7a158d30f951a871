import { AwsCallError } from '../../aws/errors.js';
import type { Aws } from '../../aws/session.js';

/** One step that failed: its name and the AWS operation and code (or why). */
export interface StepFailure {
  step: string;
  detail: string;
}

const detailOf = (error: unknown): string =>
  error instanceof AwsCallError
    ? `${error.operation} ${error.code}`
    : `${(error as Error).name}: ${(error as Error).message}`;

/**
 * Collects the failures of independent steps, so that one failing step does
 * not stop the others and the outcome still lists every failure.
 * @example const id = await log.attempt('snapshot', () => sendCall(aws, call))
 */
export class StepLog {
  readonly failures: StepFailure[] = [];

  /** Runs one step; a failure is noted (aws has recorded the call) and gives undefined. */
  async attempt<T>(step: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      this.failures.push({ step, detail: detailOf(error) });
      return undefined;
    }
  }

  /** A step that could not be done for a reason other than an AWS error. */
  fail(step: string, detail: string): void {
    this.failures.push({ step, detail });
  }

  /** A step that failed with this error (aws has recorded the call). */
  failWith(step: string, error: unknown): void {
    this.failures.push({ step, detail: detailOf(error) });
  }

  /** The failures of work shared with other instances (their VPC's groups), as this one's too. */
  adopt(failures: readonly StepFailure[]): void {
    this.failures.push(...failures);
  }

  /** `snapshot: CreateSnapshots AccessDenied; stop: StopInstances IncorrectInstanceState` */
  render(): string {
    return this.failures.map((f) => `${f.step}: ${f.detail}`).join('; ');
  }
}

/**
 * Treats the given AWS error codes as success: the state they report is the one
 * wanted. The call is marked `tolerated` (with why), so it does not read as failed.
 * @example await tolerate(aws, sendCall(aws, authorize), ['InvalidPermission.Duplicate'], 'rule already present')
 */
export async function tolerate<T>(
  aws: Aws,
  work: Promise<T>,
  codes: string[],
  why: string,
): Promise<T | undefined> {
  try {
    return await work;
  } catch (error) {
    if (!(error instanceof AwsCallError && codes.includes(error.code))) throw error;
    aws.tolerate(error, why);
    return undefined;
  }
}

/** Whether an error is this AWS error code. */
export const isCode = (error: unknown, code: string): boolean =>
  error instanceof AwsCallError && error.code === code;
