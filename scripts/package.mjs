// `npm run package -- [--stage s] [--region r] [--param="k=v" ...]`: builds, regenerates a stale
// infra/member-role.yml, then packages the stack with osls, offline. A bad stage, Region or
// stage param fails with the one line parry's resolver wrote (src/stack/serverless-vars.ts),
// not osls's wrapping of it.
import { spawnSync } from 'node:child_process';

const run = (args, capture = false) =>
  spawnSync(process.execPath, args, {
    stdio: capture ? ['inherit', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    env: { SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', ...process.env },
  });

for (const step of [
  ['scripts/build-cli.mjs'],
  ['scripts/build-lambda.mjs'],
  ['scripts/gen-infra.mjs', '--package'],
]) {
  const { status } = run(step);
  if (status !== 0) process.exit(status ?? 1);
}

const osls = run(
  ['node_modules/osls/bin/serverless.js', 'package', ...process.argv.slice(2)],
  true,
);
const output = `${osls.stdout}${osls.stderr}`;
const ours = /parry: ([^\n]*(?:\n\S[^\n]*:\d+:\d+: [^\n]*)*)/.exec(output);
if (osls.status !== 0 && ours) {
  process.stderr.write(`package: ${ours[1]}\n`);
  process.exit(1);
}
process.stdout.write(osls.stdout);
process.stderr.write(osls.stderr);
process.exit(osls.status ?? 1);
