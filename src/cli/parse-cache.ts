import { createHash } from 'node:crypto';
import { isPlainObject } from '../core/json.js';
import { buildId, cacheEnabled, readCache, writeCache } from '../core/project-cache.js';
import type { FastDocument } from '../manifest/fast-yaml.js';
import type { ParsedTexts } from '../manifest/yaml-file.js';

/**
 * The parsed documents of the project's files kept between runs (`.adf-deploy/cache/parsed.json`, issue 19): a file
 * whose text is byte for byte one an earlier run parsed is not parsed again (JSON.parse of the kept values costs a
 * fraction of parsing YAML). Keyed by the SHA-256 of the text, which sits in the project anyway; holds the texts'
 * own values before substitution, so never an environment variable's value; a text holding a value the project's
 * scrubber hides (an inline secret) is not kept at all, nor its hash. Only values JSON gives back exactly are kept
 * (no -0, no non-finite number). The file lists the texts of the last run only, so it never grows past the project.
 */

const FILE = 'parsed.json';
const FORMAT = 1;

interface Used {
  text: string;
  documents: FastDocument[];
  /** Read from the file (then known to be exact and without secret when it was written). */
  kept: boolean;
}

export interface ParseCache {
  /** For loadProject (LoadOptions.parsedTexts). */
  texts: ParsedTexts;
  /** Keep what this run parsed, for the next (once the project's scrubber is known); never throws. */
  save(scrub: (text: string) => string): void;
}

export function openParseCache(
  root: string,
  options: { env: Record<string, string | undefined>; cacheBuild?: string },
): ParseCache | undefined {
  const build = options.cacheBuild ?? buildId();
  if (!build || !cacheEnabled(options.env)) return undefined;
  const stored = readEntries(readCache(root, FILE, options.env), build);
  const used = new Map<string, Used>();
  let parsedHere = 0;
  return {
    texts: {
      parsed(text, parse) {
        const hash = createHash('sha256').update(text).digest('hex');
        const kept = stored?.[hash];
        if (kept) {
          used.set(hash, { text, documents: kept, kept: true });
          return kept;
        }
        const documents = parse(text);
        if (documents) {
          used.set(hash, { text, documents, kept: false });
          parsedHere++;
        }
        return documents;
      },
    },
    save(scrub) {
      // Unchanged: every text came from the file, and the file holds no other.
      if (parsedHere === 0 && stored && used.size === Object.keys(stored).length) return;
      const entries: Record<string, FastDocument[]> = {};
      for (const [hash, { text, documents, kept }] of used)
        if (scrub(text) === text && (kept || documents.every((d) => exactInJson(d.value)))) entries[hash] = documents;
      writeCache(root, FILE, { format: FORMAT, build, entries }, options.env);
    },
  };
}

/** The stored entries if the file is ours (this format, this build) and well formed. */
function readEntries(value: unknown, build: string): Record<string, FastDocument[]> | undefined {
  if (!isPlainObject(value) || value.format !== FORMAT || value.build !== build || !isPlainObject(value.entries))
    return undefined;
  for (const documents of Object.values(value.entries))
    if (!Array.isArray(documents) || !documents.every((d) => isPlainObject(d) && typeof d.start === 'number'))
      return undefined;
  return value.entries as Record<string, FastDocument[]>;
}

/** Whether JSON.stringify then JSON.parse gives `value` back exactly (plain data, finite numbers, no -0). */
function exactInJson(value: unknown): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !exactInJson(value[i])) return false;
    return true;
  }
  // JSON.parse makes ordinary objects: one of another prototype would come back different.
  if (!isPlainObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key in value) if (!exactInJson(value[key])) return false;
  return true;
}
