/** Where in which playbook file something is wrong: printed as `file:line:col: message`. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** A playbook that cannot be loaded; one per problem, so a file reports all of them at once. */
export class PlaybookError extends Error {
  override readonly name = 'PlaybookError';
  constructor(
    readonly position: SourcePosition,
    readonly reason: string,
    readonly field?: string,
    options?: ErrorOptions,
  ) {
    super(
      `${position.file}:${position.line}:${position.col}: ${field ? `${field}: ` : ''}${reason}`,
      options,
    );
  }
}
