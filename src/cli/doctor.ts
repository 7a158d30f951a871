import {
  type ClientConfig,
  createDoctorClients,
  DoctorCallerError,
  type DoctorClients,
  type DoctorReport,
  type Finding,
  runDoctor,
} from '../doctor/index.js';
import { checkDeployment, StageParamError } from '../stack/stage-params.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';

export interface DoctorCommandOptions {
  stage: string;
  region?: string;
  profile?: string;
  accounts?: string;
  playbooks: string;
  stacksetRegion: string;
  json: boolean;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const LABEL: Record<Finding['status'], string> = { ok: 'ok ', gap: 'GAP', unknown: '?  ' };

function formatReport(report: DoctorReport, regions: readonly string[], stage: string): string {
  const lines = [
    `parry doctor: stage ${stage} in ${regions.join(', ')}, as ${report.arn}${report.organizationId ? ` (${report.organizationId})` : ''}`,
  ];
  const scopes = [...new Set(report.findings.map((f) => f.scope))];
  for (const scope of scopes) {
    lines.push('', scope);
    for (const f of report.findings.filter((x) => x.scope === scope)) {
      lines.push(`  ${LABEL[f.status]}  ${f.check}: ${f.detail}`);
      if (f.fix && f.status !== 'ok') lines.push(`       fix: ${f.fix}`);
    }
  }
  const gaps = report.findings.filter((f) => f.status === 'gap').length;
  const unknowns = report.findings.filter((f) => f.status === 'unknown').length;
  lines.push(
    '',
    gaps + unknowns === 0
      ? 'no gaps: parry is deployed as the playbooks on disk call for'
      : `${gaps} gap(s), ${unknowns} not checked: apply the fixes, then run parry doctor again`,
  );
  return `${lines.join('\n')}\n`;
}

/** The options, checked: Regions, stage and accounts that cannot work are one-line errors. */
function checkedOptions(opts: DoctorCommandOptions, io: Io) {
  const regions = list(opts.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION);
  if (regions.length === 0)
    throw new UserError('doctor: give --region (the Regions the stage runs in, comma-separated)');
  const naming = { service: 'parry', stage: opts.stage };
  try {
    for (const region of [...regions, opts.stacksetRegion]) checkDeployment(naming, region);
  } catch (error) {
    if (error instanceof StageParamError) throw new UserError(`doctor: ${error.message}`);
    throw error;
  }
  const accounts = opts.accounts === undefined ? undefined : list(opts.accounts);
  const bad = accounts?.find((a) => !/^\d{12}$/.test(a));
  if (bad !== undefined)
    throw new UserError(`doctor: --accounts: "${bad}" is not a 12-digit account id`);
  return { regions, naming, accounts };
}

/**
 * `parry doctor`: checks a deployment against the playbooks on disk with the
 * caller's credentials, read-only, and prints each gap with its fix. Exit 0
 * only when nothing is missing and everything could be checked.
 */
export async function doctorCommand(
  opts: DoctorCommandOptions,
  io: Io,
  makeClients: (config: ClientConfig) => DoctorClients = createDoctorClients,
): Promise<number> {
  const { regions, naming, accounts } = checkedOptions(opts, io);
  const options = {
    naming,
    regions,
    accounts,
    playbooksDir: opts.playbooks,
    infraDir: 'infra',
    stackSetRegion: opts.stacksetRegion,
  };
  const report = await runDoctor(
    makeClients(opts.profile ? { profile: opts.profile } : {}),
    options,
  ).catch((error: unknown) => {
    throw error instanceof DoctorCallerError ? new UserError(`doctor: ${error.message}`) : error;
  });
  if (report.playbookErrors.length > 0) {
    for (const e of report.playbookErrors) io.err(`${e.message}\n`);
    io.err('doctor: the playbooks on disk do not load; fix them first (parry validate)\n');
    return EXIT_FAILURE;
  }
  io.out(
    opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, regions, opts.stage),
  );
  return report.findings.every((f) => f.status === 'ok') ? EXIT_OK : EXIT_FAILURE;
}
