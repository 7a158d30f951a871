/**
 * A reason an input cannot be turned into an event. Thrown by the wrappers
 * and caught by `classify`, which turns it into an `error` item: the message
 * is shown to the user as is, so it is one line and never a stack trace.
 */
export class IntakeError extends Error {
  override readonly name = 'IntakeError';
}

/** Flattens any message to a single bounded line for an `error` item. */
export const oneLine = (message: string, max = 300): string => {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
