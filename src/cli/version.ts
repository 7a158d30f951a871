import pkg from '../../package.json' with { type: 'json' };

/** The version in package.json (the CLI bundle carries it). */
export const VERSION: string = pkg.version;
