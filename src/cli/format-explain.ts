import type { PlaybookExplanation } from '../explain/playbook.js';
import type { Scalar } from '../match/event-value.js';
import type { FieldExplanation, PatternExplanation } from '../match/explain.js';
import { spacedJson, type Terminal, wrap } from './terminal.js';

const show = (v: Scalar): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** A condition's JSON text, spaced so it wraps between values. */
function spaced(json: string): string {
  try {
    return spacedJson(JSON.parse(json));
  } catch {
    return json;
  }
}

function valuesText(f: FieldExplanation): string {
  if (f.count === 0) return 'absent';
  const more = f.count > f.values.length ? `, … (${f.count} values)` : '';
  return f.values.map(show).join(', ') + more;
}

function fieldLines(f: FieldExplanation, t: Terminal, indent: number): string[] {
  const { color } = t;
  const mark = f.matches ? color.green('✓') : color.red('✗');
  const lines = [wrap(`${mark} ${color.bold(f.key)} ${spaced(f.condition)}`, t.width, indent, 4)];
  const detail = (label: string, text: string) =>
    wrap(`${color.dim(label)} ${text}`, t.width, indent + 2, 4);
  const accepted = f.accepted;
  if (accepted && accepted.value === undefined) {
    lines.push(detail('event:', `absent, as ${spaced(accepted.alternative)} allows`));
  } else if (accepted) {
    const value = show(accepted.value as Scalar);
    const by = accepted.alternative === value ? '' : ` (by ${spaced(accepted.alternative)})`;
    const others = f.count > 1 ? `; of ${valuesText(f)}` : '';
    lines.push(detail('event:', `${value}${by}${others}`));
  } else {
    lines.push(detail('event:', valuesText(f)));
    if (f.closest) {
      lines.push(detail('closest:', `${spaced(f.closest.alternative)}: ${f.closest.why}`));
    }
  }
  if (f.note) lines.push(detail('note:', f.note));
  return lines;
}

/** A pattern's explanation: the matching (or closest) branch, field by field. */
export function patternLines(e: PatternExplanation, t: Terminal, indent: number): string[] {
  if (e.problem) return [wrap(e.problem, t.width, indent)];
  const branch = e.branches[e.best];
  if (!branch) return [];
  const lines: string[] = [];
  if (e.branches.length > 1) {
    const which = branch.matches ? 'matching' : 'closest';
    const choice = branch.choices.length > 0 ? `: ${branch.choices.join(', ')}` : '';
    lines.push(
      wrap(
        t.color.dim(`${e.branches.length} $or branches; the ${which} one${choice}`),
        t.width,
        indent,
      ),
    );
  }
  lines.push(...branch.fields.flatMap((f) => fieldLines(f, t, indent)));
  if (branch.note) lines.push(wrap(`${t.color.yellow('!')} ${branch.note}`, t.width, indent, 2));
  return lines;
}

function verdictOf(e: PlaybookExplanation, t: Terminal): string {
  const { color } = t;
  if (!e.match.matches) return color.red('does not match');
  const o = e.outcome;
  if (!o) return color.green('matches');
  const actions = o.actions.map((a) => `${a.type}${a.target ? ` ${a.target}` : ''}`).join(', ');
  const what =
    o.status === 'skipped'
      ? `skipped: ${o.reason ?? ''}`
      : `${o.status} [${o.mode}]${actions ? `: ${actions}` : ''}`;
  return `${color.green('matches')} → ${o.status === 'failed' ? color.red(what) : what}`;
}

function afterMatchLines(e: PlaybookExplanation, t: Terminal): string[] {
  const { color } = t;
  const lines: string[] = [];
  const line = (text: string) => lines.push(wrap(text, t.width, 2, 4));
  if (!e.enabled) line(`${color.yellow('disabled')}: enabled: false, it never runs`);
  if (e.unless.length === 0) line(`${color.dim('unless:')} none`);
  for (const u of e.unless) {
    line(
      `${color.dim(`unless[${u.index}]:`)} ${u.vetoes ? color.yellow('vetoes this event') : 'does not veto'}`,
    );
    lines.push(...patternLines(u.explanation, t, 4));
  }
  line(
    `${color.dim('guards:')} ${e.guard ? color.yellow(e.guard) : 'none stops this event (sample findings, failed calls, parry’s own principal)'}`,
  );
  line(`${color.dim('mode:')} ${e.mode.effective}${e.mode.why ? ` (${e.mode.why})` : ''}`);
  const seen = e.exempt.seen.map((s) => `${s.where}: ${s.keys.join(', ') || 'none'}`).join('; ');
  const tagged = e.exempt.tagged
    ? color.yellow('tagged: the actions will refuse it')
    : 'not tagged in the event';
  line(
    `${color.dim('exempt tag:')} ${e.exempt.tag}: ${seen ? `${tagged} (${seen})` : 'the event lists no tags'}; each action checks the live tags again before acting`,
  );
  return lines;
}

/**
 * Why one playbook does or does not act on one event, for people: the match
 * field by field, then unless, guards, mode and the exempt tag.
 */
export function formatExplanation(e: PlaybookExplanation, t: Terminal): string {
  const head = wrap(
    `${t.color.bold(e.name)} ${t.color.dim(`(${e.file})`)}: ${verdictOf(e, t)}`,
    t.width,
    0,
    2,
  );
  const lines = [head, wrap(t.color.dim('match:'), t.width, 2), ...patternLines(e.match, t, 4)];
  if (e.match.matches) lines.push(...afterMatchLines(e, t));
  return `${lines.join('\n')}\n`;
}
