import type { EventBridgeEvent } from '../event/envelope.js';
import { explainPlaybook, type PlaybookExplanation } from '../explain/playbook.js';
import { readInputs } from '../intake/index.js';
import type { Playbook } from '../playbook/index.js';
import type { Settings } from '../settings.js';
import { closestWord } from '../text/similar.js';
import { awsSettings } from './aws-options.js';
import { formatExplanation } from './format-explain.js';
import { EXIT_FAILURE, EXIT_OK, type Io, UserError } from './io.js';
import { playbooksOrReport } from './playbooks-or-report.js';
import { type Terminal, terminalOf, wrap } from './terminal.js';

export interface ExplainOptions {
  playbooks: string;
  playbook?: string[];
  json: boolean;
}

/** Every playbook's explanation for one event, for people. */
export async function explainEvent(
  event: EventBridgeEvent,
  playbooks: readonly Playbook[],
  settings: Settings,
  terminal: Terminal,
): Promise<string> {
  const parts = await Promise.all(
    playbooks.map(async (p) =>
      formatExplanation(await explainPlaybook(event, p, { settings }), terminal),
    ),
  );
  return `${parts.join('\n')}\n`;
}

function choose(playbooks: readonly Playbook[], names: readonly string[] | undefined): Playbook[] {
  if (!names || names.length === 0) return [...playbooks];
  return names.map((name) => {
    const found = playbooks.find((p) => p.name === name);
    if (found) return found;
    const near = closestWord(
      name,
      playbooks.map((p) => p.name),
    );
    throw new UserError(
      `--playbook ${name}: no such playbook${near ? `; did you mean ${near}?` : ` (have: ${playbooks.map((p) => p.name).join(', ')})`}`,
    );
  });
}

type ExplainedEvent = {
  source: string;
  id?: string;
  detailType?: string;
  error?: string;
  playbooks: PlaybookExplanation[];
};

/**
 * `parry explain <event...>`: for each event and playbook, why it matches or
 * not, field by field, then unless, guards, mode and the exempt tag.
 */
export async function explainCommand(
  paths: string[],
  options: ExplainOptions,
  io: Io,
): Promise<number> {
  const settings = awsSettings(io, {});
  const terminal = terminalOf(io);
  const playbooks = await playbooksOrReport(options.playbooks, 'explain', io);
  if (!playbooks) return EXIT_FAILURE;
  const chosen = choose(playbooks, options.playbook);
  const documents: ExplainedEvent[] = [];
  let failed = false;
  for await (const item of readInputs(paths, { stdin: io.stdin })) {
    if (item.kind !== 'event') {
      const error =
        item.kind === 'error' ? item.error : 'a read-only call: EventBridge does not deliver it';
      failed ||= item.kind === 'error';
      if (options.json) documents.push({ source: item.source, error, playbooks: [] });
      else io.out(`${terminal.color.bold(item.source)}\n${wrap(error, terminal.width, 2)}\n\n`);
    } else if (options.json) {
      const explained = await Promise.all(
        chosen.map((p) => explainPlaybook(item.event, p, { settings })),
      );
      documents.push({
        source: item.source,
        id: item.event.id,
        detailType: item.event['detail-type'],
        playbooks: explained,
      });
    } else {
      const { event, source } = item;
      io.out(
        `${terminal.color.bold(source)}  ${event['detail-type']}  ${terminal.color.dim(event.id)}\n`,
      );
      io.out(await explainEvent(event, chosen, settings, terminal));
    }
  }
  if (options.json) io.out(`${JSON.stringify({ events: documents }, null, 2)}\n`);
  return failed ? EXIT_FAILURE : EXIT_OK;
}
