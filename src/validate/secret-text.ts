import { secretParts } from '../diff/secrets.js';
import type { Project } from '../manifest/types.js';

/**
 * Diagnostics are printed, saved in `--json` and posted as pull-request comments: validation must never quote
 * the value of a secret-bearing property (a SecureString, a connection string with a password, a value read from
 * a secret env variable). The output scrubber (src/cli/scrub.ts) is only the last line of defence: it cannot
 * match a secret a message shortened ('abc...') or a secret shorter than its minimum. So every check that would
 * quote a value asks this predicate first, and says "the value of <path>" instead.
 */
export type SecretText = (text: string) => boolean;

/** Quoted text is secret when it holds a secret, or is a piece of one (a shortened quote, a fragment). */
const PIECE_MIN = 4;

/**
 * A predicate over the secrets of `properties` and the project's secret env values. The secrets are looked for on
 * the first question only: most resources never quote a value, and the search was a tenth of `validate`'s CPU.
 */
export function secretTextOf(project: Pick<Project, 'envSecrets'>, properties: unknown): SecretText {
  let parts: string[] | undefined;
  return (text) => {
    parts ??= [
      ...new Set([...secretParts(properties, { env: project.envSecrets }), ...(project.envSecrets?.values() ?? [])]),
    ].filter((p) => p.length > 0);
    return parts.some((p) => text.includes(p) || (text.length >= PIECE_MIN && p.includes(text)));
  };
}
