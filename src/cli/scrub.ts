import { fromEnv, secretParts } from '../diff/secrets.js';
import { type Clock, eventLoopTurns } from '../manifest/event-loop-turns.js';
import type { Project } from '../manifest/types.js';
import { SECRET_PLACEHOLDER } from '../plan/types.js';
import type { CliContext } from './context.js';

/**
 * The last line of defence: every secret the project holds (its secret env values, and every value of the
 * secret shapes in its manifests, src/diff/secret-shapes.ts) is replaced in anything the command prints or
 * saves: diagnostics that quote a value, an error text from the service that echoes the request, a plan file.
 * The structured outputs already redact; this catches what quotes a value as text.
 */
export interface Scrubber {
  (text: string): string;
}

/**
 * Secrets shorter than this are replaced only where they stand as a whole token (not next to a letter or digit):
 * replacing `ab1` inside every word would mangle ordinary text, but a short secret is still hidden wherever it is
 * quoted, delimited or a value of its own (`"ab1"`, `Password=ab1;`, `sig=ab1&`, `: ab1`). docs/secrets.md.
 */
const MIN_LENGTH = 4;

/** The secrets of a project as text replacements, longest first (a secret containing another is replaced whole). */
export function projectSecrets(project: Project): [string, string][] {
  const walk = secretsOf(project);
  let step = walk.next();
  while (!step.done) step = walk.next();
  return step.value;
}

/**
 * projectSecrets with a turn of the event loop every few ms: at 5,000 objects the walk took 0.1 s, and the
 * factory's list pages requested meanwhile (src/cli/early-fetch.ts) waited for it.
 */
export async function projectSecretsInTurns(project: Project, clock?: Clock): Promise<[string, string][]> {
  const turn = eventLoopTurns(SLICE_MS, clock);
  const walk = secretsOf(project);
  let step = walk.next();
  while (!step.done) {
    await turn();
    step = walk.next();
  }
  return step.value;
}

/** Milliseconds of walking between two turns of the event loop (as the manifest parse loop). */
const SLICE_MS = 8;

/** Walks the project's documents one per step; returns the replacements. */
function* secretsOf(project: Project): Generator<void, [string, string][]> {
  const pairs = new Map<string, string>();
  for (const [name, value] of project.envSecrets ?? []) pairs.set(value, fromEnv(name));
  const options = { env: project.envSecrets };
  const docs: unknown[] = [
    project.factory.globalParameters,
    project.factory.properties,
    ...project.resources.map((r) => r.properties),
  ];
  for (const doc of docs) {
    for (const part of secretParts(doc, options)) if (!pairs.has(part)) pairs.set(part, SECRET_PLACEHOLDER);
    yield;
  }
  return [...pairs].filter(([s]) => s.length > 0).sort((a, b) => b[0].length - a[0].length);
}

/** A function that replaces every secret of `secrets` in a text (also as JSON-escaped, as error bodies carry it). */
export function createScrubber(secrets: [string, string][]): Scrubber {
  const forms = secrets.flatMap(([s, by]) => {
    const json = JSON.stringify(s).slice(1, -1);
    return json === s
      ? [[s, by]]
      : [
          [s, by],
          [json, by],
        ];
  });
  const tokens = forms.map(([s, by]) => ({
    s,
    by,
    token:
      s.length < MIN_LENGTH ? new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(s)}(?![\\p{L}\\p{N}])`, 'gu') : undefined,
  }));
  return (text) => {
    let out = text;
    for (const { s, by, token } of tokens) {
      if (!out.includes(s)) continue;
      out = token ? out.replace(token, () => by) : out.split(s).join(by);
    }
    return out;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** From now on, everything this command prints goes through the project's scrubber. Returns the scrubber. */
export function protectOutput(ctx: CliContext, project: Project, secrets = projectSecrets(project)): Scrubber {
  const scrub = createScrubber(secrets);
  const { out, err } = ctx.io;
  ctx.io.out = (text) => out.call(ctx.io, scrub(text));
  ctx.io.err = (text) => err.call(ctx.io, scrub(text));
  ctx.scrub = scrub;
  return scrub;
}
