import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runToEnd } from '../helpers/package.js';

/** A copy of the project to change playbooks in, sharing node_modules. */
async function projectCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'parry-project-'));
  for (const entry of [
    'package.json',
    'serverless.yml',
    'scripts',
    'src',
    'functions',
    'playbooks',
    'infra',
  ])
    await cp(entry, join(dir, entry), { recursive: true });
  await symlink(resolve('node_modules'), join(dir, 'node_modules'));
  return dir;
}

const bundleText = async (dir: string) => {
  const root = join(dir, 'dist/lambda');
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.mjs'));
  return (await Promise.all(files.map((f) => readFile(join(root, f), 'utf8')))).join('\n');
};

let dir: string;
beforeEach(async () => {
  dir = await projectCopy();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run package on changed playbooks', () => {
  it('regenerates a stale infra/member-role.yml and says the StackSet needs it', async () => {
    const file = join(dir, 'playbooks/quarantine-compromised-instance.yml');
    await writeFile(file, (await readFile(file, 'utf8')).replace('mode: dry-run', 'mode: enforce'));
    const before = await readFile(join(dir, 'infra/member-role.yml'), 'utf8');
    expect(before).not.toContain('ec2:ModifyNetworkInterfaceAttribute');
    const { code, stdout } = await runToEnd('node', ['scripts/package.mjs'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain(
      'package: infra/member-role.yml was stale (the enforce-mode playbooks changed): regenerated; update the member-role StackSet',
    );
    const after = await readFile(join(dir, 'infra/member-role.yml'), 'utf8');
    expect(after).toContain('ec2:ModifyNetworkInterfaceAttribute');
  }, 180_000);

  it('bundles what validate checks: a hidden draft is skipped, visibly, not embedded', async () => {
    await writeFile(
      join(dir, 'playbooks/.draft.yml'),
      'name: draft\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: no-such-action\n',
    );
    const { code, stderr } = await runToEnd('node', ['scripts/build-lambda.mjs'], { cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toContain('build-lambda: skipped hidden playbooks/.draft.yml');
    const bundle = await bundleText(dir);
    expect(bundle).toContain('quarantine-compromised-instance');
    expect(bundle).not.toContain('no-such-action');
  }, 120_000);

  it('fails on two playbooks whose rules would share a logical id, naming the file and line', async () => {
    const text = (name: string) =>
      `name: ${name}\nmatch:\n  source: [aws.guardduty]\nactions:\n  - type: notify\n`;
    await writeFile(join(dir, 'playbooks/quarantine-ec2.yml'), text('quarantine-ec2'));
    await writeFile(join(dir, 'playbooks/quarantine-ec-2.yml'), text('quarantine-ec-2'));
    const { code, stderr } = await runToEnd('node', ['scripts/package.mjs'], { cwd: dir });
    expect(code).toBe(1);
    expect(stderr).toContain(
      'playbooks/quarantine-ec2.yml:1:7: name: duplicate rule logical id "RuleQuarantineEc2" as "quarantine-ec-2" (first in playbooks/quarantine-ec-2.yml): rename one',
    );
  }, 120_000);
});
