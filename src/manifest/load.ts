import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, SourceLocation } from '../core/diagnostic.js';
import { resourceKey, type Resource, type ResourceId } from '../model/resource.js';
import { parseConfig, reportUnusedVars } from './config.js';
import { mayHoldPlaceholders, readResourceDocument, readStudioDocument, textFacts } from './envelope.js';
import { eventLoopTurns } from './event-loop-turns.js';
import { applyOverrides } from './overrides.js';
import { shapeFreeNotes } from './shape-free.js';
import { fillFactoryFromStudio } from './studio-factory.js';
import type { StudioFile } from './studio-layout.js';
import { CONFIG_FILE, findManifestFiles } from './find-files.js';
import type { LoadOptions, LoadResult, Project } from './types.js';
import {
  locateInDocument,
  parseYamlDocuments,
  readTextFile,
  readTextFileSync,
  type ParsedDocument,
} from './yaml-file.js';

/**
 * Load the project in `dir`: read adf-deploy.yaml and every other *.yaml / *.yml below it, keep positions,
 * substitute ${{ vars.X }} / ${{ env.X }}, apply the chosen environment. Never throws for bad input: every
 * problem comes back as a Diagnostic.
 */
export async function loadProject(dir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const root = path.resolve(dir);
  const configFile = path.join(root, CONFIG_FILE);
  const diagnostics: Diagnostic[] = [];
  const at = (file: string): SourceLocation => ({ file, line: 1, col: 1 });

  const rootProblem = await checkRoot(root);
  if (rootProblem) return { diagnostics: [rootProblem] };
  const { files, studioFiles, diagnostics: fsProblems, notes } = await findManifestFiles(root);
  const config = await readTextFile(configFile);
  if (config.text !== undefined) options.onSource?.(configFile, config.text);
  if (config.text === undefined) {
    if (!config.missing) return { diagnostics: [config.diagnostic!] };
    const empty = files.length === 0 && studioFiles.length === 0 && fsProblems.length === 0;
    if (studioFiles.length > 0) return { diagnostics: [studioWithoutConfig(root, studioFiles, at(configFile))], notes };
    return {
      diagnostics: [
        {
          severity: 'error',
          code: empty ? 'project.empty' : 'project.no-config',
          message: empty
            ? 'no manifests here: the folder has no adf-deploy.yaml and no YAML files'
            : `no ${CONFIG_FILE} in this folder`,
          location: at(configFile),
          hint: empty
            ? 'run adf-deploy in a project folder, or create one with `adf-deploy import`'
            : `create ${CONFIG_FILE} with at least 'factory: { name: ..., location: ... }'`,
        },
      ],
      notes,
    };
  }
  diagnostics.push(...fsProblems);
  const parsedConfig = parseYamlDocuments(configFile, config.text);
  diagnostics.push(...parsedConfig.diagnostics);
  if (parsedConfig.documents.length > 1) {
    diagnostics.push({
      severity: 'error',
      code: 'manifest.multiple-documents',
      message: `${CONFIG_FILE} must hold one YAML document, found ${parsedConfig.documents.length}`,
      location: parsedConfig.documents[1].start,
    });
  }
  const configDoc = parsedConfig.documents[0];
  if (!configDoc) {
    if (parsedConfig.diagnostics.length === 0)
      diagnostics.push({
        severity: 'error',
        code: 'manifest.missing-field',
        message: `${CONFIG_FILE} is empty`,
        location: at(configFile),
        hint: "add 'factory: { name: ..., location: ... }'",
      });
    return { diagnostics };
  }
  const cfg = parseConfig(configDoc, options, diagnostics);

  const resources: Resource[] = [];
  // A Map, not a WeakMap: the project keeps its resources and documents as long as it lives anyway, and a WeakMap's
  // entries cost more to add and to mark (issue 19).
  const byObject = new Map<Resource, ParsedDocument>();
  const byKey = new Map<string, ParsedDocument>();
  const add = (resource: Resource | undefined, pd: ParsedDocument): void => {
    if (!resource) return;
    resources.push(resource);
    byObject.set(resource, pd);
    const key = resourceKey(resource);
    if (!byKey.has(key)) byKey.set(key, pd);
  };
  const inlineWaiverFiles = new Set<string>(config.text.includes(WAIVER_MARK) ? [configFile] : []);
  // Reading and parsing thousands of files takes hundreds of ms: the event loop gets a turn every few ms of it, so
  // the factory's list pages requested meanwhile (src/cli/early-fetch.ts) keep coming in. Each file is read in the
  // loop (a synchronous read is cheapest, yaml-file.ts), not all of them before it: that held the loop for 0.15 s at
  // 5,000 files, and the factory's first answer with it.
  const turn = eventLoopTurns(PARSE_SLICE_MS);
  /** One file read and parsed, after a turn when one is due; undefined (and its diagnostic kept) when unreadable. */
  const readParsed = async (file: string): Promise<{ text: string; documents: ParsedDocument[] } | undefined> => {
    await turn();
    const { text, diagnostic } = readTextFileSync(file);
    if (text === undefined) {
      if (diagnostic) diagnostics.push(diagnostic);
      return undefined;
    }
    options.onSource?.(file, text);
    if (text.includes(WAIVER_MARK)) inlineWaiverFiles.add(file);
    const parsed = parseYamlDocuments(file, text);
    diagnostics.push(...parsed.diagnostics);
    return { text, documents: parsed.documents };
  };
  const shapeFree = shapeFreeNotes();
  for (const file of files) {
    const read = await readParsed(file);
    if (!read) continue;
    const facts = textFacts(read.text);
    const read0 = resources.length;
    for (const pd of read.documents) add(readResourceDocument(pd, cfg.substitution, diagnostics, facts), pd);
    shapeFree.add(read.text, facts.placeholders, propertiesFrom(resources, read0));
  }
  // ADF Studio JSON files: JSON is YAML, so the same parser keeps their lines for diagnostics.
  const factoryDocs: ParsedDocument[] = [];
  for (const studio of studioFiles) {
    const read = await readParsed(studio.file);
    const pd = read?.documents[0];
    if (!read || !pd) continue;
    if (studio.factory) {
      factoryDocs.push(pd);
      continue;
    }
    const read0 = resources.length;
    add(readStudioDocument(pd, studio, cfg.substitution, diagnostics), pd);
    shapeFree.add(read.text, mayHoldPlaceholders(read.text), propertiesFrom(resources, read0));
  }
  if (factoryDocs.length) fillFactoryFromStudio(cfg.factory, factoryDocs, cfg.substitution, diagnostics);
  // After substitution, before validation: an overridden value is validated like one written in its object file.
  const overrides = applyOverrides(cfg.overrides, resources, cfg.factory, configDoc, diagnostics);

  reportUnusedVars(configDoc, cfg, diagnostics);
  // Substitution is over: the project's secret env values are final. (An override gave its objects new properties.)
  shapeFree.note(cfg.substitution.envSecrets);

  const documentOf = (r: ResourceId): ParsedDocument | undefined =>
    byObject.get(r as Resource) ?? byKey.get(resourceKey(r));
  const project: Project = {
    root,
    configFile,
    env: cfg.env,
    envSecrets: cfg.substitution.envSecrets,
    ...(fingerprintKeyOf(options) ? { fingerprintKey: fingerprintKeyOf(options) } : {}),
    factory: cfg.factory,
    target: cfg.target,
    external: cfg.external,
    resources,
    checks: cfg.checks,
    ...(cfg.limits ? { limits: cfg.limits } : {}),
    inlineWaiverFiles,
    ...(overrides.applied.length ? { overrides: overrides.applied } : {}),
    locate: (r, p) => {
      const fromOverride = overrides.locate(r, p);
      if (fromOverride) return fromOverride;
      const pd = documentOf(r);
      return pd ? locateInDocument(pd, ['properties', ...p]) : undefined;
    },
    locateDocument: (r, p) => {
      const fromOverride = p[0] === 'properties' ? overrides.locate(r, p.slice(1)) : undefined;
      if (fromOverride) return fromOverride;
      const pd = documentOf(r);
      return pd ? locateInDocument(pd, p) : undefined;
    },
    locateConfig: (p) => locateInDocument(configDoc, p),
  };
  return { project, diagnostics, notes };
}

/** The properties of the resources added since index `from`. */
function propertiesFrom(resources: Resource[], from: number): object[] {
  return resources.slice(from).map((r) => r.properties);
}

/** What every inline waiver comment holds (src/validate/waivers.ts): files without it are not read again. */
const WAIVER_MARK = 'adf-deploy:';

/** Milliseconds of parsing between two turns of the event loop: a response waits at most about this long. */
const PARSE_SLICE_MS = 8;

async function checkRoot(root: string): Promise<Diagnostic | undefined> {
  try {
    const s = await stat(root);
    if (s.isDirectory()) return undefined;
    return {
      severity: 'error',
      code: 'project.not-a-folder',
      message: `'${root}' is a file, not a project folder`,
      location: { file: root, line: 1, col: 1 },
      hint: `pass the folder that holds ${CONFIG_FILE}`,
    };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      severity: 'error',
      code: 'project.not-found',
      message: code === 'ENOENT' ? `folder '${root}' does not exist` : `cannot read folder '${root}' (${code})`,
      location: { file: root, line: 1, col: 1 },
    };
  }
}

/** The configured fingerprint key (src/diff/fingerprint.ts), if any. */
function fingerprintKeyOf(options: LoadOptions): string | undefined {
  return fingerprintKeyIn(options.environ ?? process.env);
}

/** The fingerprint key `environ` configures (ADF_DEPLOY_FINGERPRINT_KEY, not empty), if any. */
export function fingerprintKeyIn(environ: Record<string, string | undefined>): string | undefined {
  const key = Object.prototype.hasOwnProperty.call(environ, 'ADF_DEPLOY_FINGERPRINT_KEY')
    ? environ.ADF_DEPLOY_FINGERPRINT_KEY
    : undefined;
  return key ? key : undefined;
}

/**
 * An ADF Studio git folder without adf-deploy.yaml: say what it is and the two ways on (deploy it in place with a
 * small adf-deploy.yaml, or convert it with import), naming the factory its factory/ file gives.
 */
function studioWithoutConfig(root: string, studioFiles: StudioFile[], location: SourceLocation): Diagnostic {
  const factoryFile = studioFiles.find((f) => f.factory);
  const name = factoryFile ? path.basename(factoryFile.file, path.extname(factoryFile.file)) : 'my-factory';
  const objects = studioFiles.filter((f) => !f.factory).length;
  const rel = path.basename(root);
  return {
    severity: 'error',
    code: 'project.no-config',
    message: `no ${CONFIG_FILE}: this is an ADF Studio git folder (${objects} object${objects === 1 ? '' : 's'}), which adf-deploy deploys as it is once ${CONFIG_FILE} says where`,
    location,
    hint: `create ${CONFIG_FILE} here with 'factory: { name: ${name} }' and 'target: { subscriptionId: ..., resourceGroup: ... }' (or use --local), or convert the folder: adf-deploy import ${rel} --out ${rel}-project`,
  };
}
