// Errors the user can act on. Each carries a stable code and says what was
// expected and what was found; the CLI prints the message on one line and exits 2.

export class LabError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'LabError';
  }
}

/** A scenario, campaign or bounds file that does not validate. Nothing has been started. */
export class ConfigError extends LabError {
  constructor(readonly file: string, readonly field: string, readonly expected: string, readonly found: string) {
    super('GOSSIPLAB_CONFIG', `${file}: ${field || '(top level)'}: expected ${expected}, found ${found}`);
  }
}

/** The host cannot do what was asked (no engine, no root, missing capability). */
export class HostError extends LabError {
  constructor(message: string) {
    super('GOSSIPLAB_HOST', message);
  }
}

/** Describe a value for an error message: `-1 (number)`, `"x" (string)`. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `${JSON.stringify(value)} (${typeof value})`;
}
