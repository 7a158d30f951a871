/** Playbooks embedded by the build (scripts/build-lambda.mjs); validated there, so a bad one fails the build. */
declare module 'parry:playbooks' {
  export const PLAYBOOKS: readonly import('../src/playbook/bundle.js').BundledPlaybook[];
}
