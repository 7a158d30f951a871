/** A `{{ ... }}` expression that cannot be parsed. Raised when a playbook loads. */
export class TemplateSyntaxError extends Error {
  override readonly name = 'TemplateSyntaxError';
  constructor(
    message: string,
    readonly template: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A template path that the event does not have. Raised when an action is planned for an event. */
export class MissingPathError extends Error {
  override readonly name = 'MissingPathError';
  constructor(
    readonly path: string,
    readonly at: string,
    options?: ErrorOptions,
  ) {
    super(`template {{ ${path} }}: the event has no ${at}`, options);
  }
}
