/**
 * The one base error type. `fault` says who must act: 'user' (bad input, exit 1 with a clear message)
 * or 'program' (a bug or an unexpected service answer: exit 1 with the stack only under --verbose).
 */
export class AdfDeployError extends Error {
  readonly code: string;
  readonly fault: 'user' | 'program';
  readonly hint?: string;
  readonly details?: unknown;

  constructor(
    code: string,
    message: string,
    options: { fault?: 'user' | 'program'; hint?: string; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AdfDeployError';
    this.code = code;
    this.fault = options.fault ?? 'user';
    this.hint = options.hint;
    this.details = options.details;
  }
}

/** True when `err` is one of ours (as opposed to a bug surfacing as a plain Error). */
export function isAdfDeployError(err: unknown): err is AdfDeployError {
  return err instanceof AdfDeployError;
}
