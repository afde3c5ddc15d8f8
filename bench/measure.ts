import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestLogEntry } from '../src/emulator/index.js';
import { KIND_INFO } from '../src/model/kinds.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, '..');
const ENTRY = path.join(REPO, 'src/cli/entry.ts');
const BIN = path.join(REPO, 'bin/adf-deploy.js');
const BUILT = path.join(REPO, 'dist/bundle/entry.js');
const RSS_PROBE = path.join(HERE, 'rss-probe.mjs');
const GNU_TIME = '/usr/bin/time';

/** How the bench runs the CLI: the compiled one (what users run) unless it cannot be built. */
export interface CliMode {
  mode: 'compiled' | 'tsx';
  /** Arguments to node before the CLI's own. */
  nodeArgs: string[];
  /** One line for the report: what ran and why. */
  note: string;
}

/** Newest modification time (ms) of the non-test .ts files under a folder. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(file));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

const isBuilt = (): boolean => existsSync(BUILT) && statSync(BUILT).mtimeMs >= newestSource(path.join(REPO, 'src'));

let chosen: CliMode | undefined;

/**
 * The compiled CLI (`node bin/adf-deploy.js`) when dist/ is at least as new as src/; otherwise `npm run build` first
 * (tsc and the generated validators), and node + tsx only if that fails. Chosen once per bench process.
 */
export function resolveCli(log: (line: string) => void = () => {}): CliMode {
  if (chosen) return chosen;
  if (isBuilt()) {
    chosen = { mode: 'compiled', nodeArgs: [BIN], note: 'compiled CLI (`node bin/adf-deploy.js`, dist/ up to date)' };
    return chosen;
  }
  log('dist/ is missing or older than src/: npm run build');
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (build.status === 0 && isBuilt()) {
    chosen = { mode: 'compiled', nodeArgs: [BIN], note: 'compiled CLI (`node bin/adf-deploy.js`, built by the bench)' };
  } else {
    log(`npm run build failed (${build.stderr.trim().split('\n').slice(-1)[0] ?? ''}): node + tsx instead`);
    chosen = {
      mode: 'tsx',
      nodeArgs: ['--import', 'tsx', ENTRY],
      note: 'node + tsx (`src/cli/entry.ts`): **`npm run build` failed, so start-up and memory include tsx**',
    };
  }
  return chosen;
}

export interface ChildRun {
  code: number;
  ms: number;
  /** Peak resident set size of the CLI process, in MiB. */
  peakRssMiB: number;
  stdout: string;
  stderr: string;
}

/**
 * Run one CLI command as its own process (the CLI resolveCli() chose) and measure wall time and peak RSS: GNU time's "Maximum resident set size" when /usr/bin/time exists, otherwise a probe
 * module that reports process.resourceUsage().maxRSS when the process exits.
 */
export function runCliMeasured(args: string[], options: { env?: Record<string, string> } = {}): Promise<ChildRun> {
  const useTime = existsSync(GNU_TIME);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'adf-bench-rss-'));
  const timeFile = path.join(tmp, 'time.txt');
  const rssFile = path.join(tmp, 'rss.txt');
  const cli = resolveCli();
  const nodeArgs = [...(useTime ? [] : ['--import', RSS_PROBE]), ...cli.nodeArgs, ...args];
  const [cmd, argv] = useTime
    ? [GNU_TIME, ['-v', '-o', timeFile, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const start = performance.now();
  const child = spawn(cmd, argv, {
    // From the repository: node resolves `--import tsx` (the fallback) from the working directory. Paths in args are absolute.
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1', BENCH_RSS_FILE: rssFile, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const ms = performance.now() - start;
      let kb = 0;
      try {
        const text = readFileSync(useTime ? timeFile : rssFile, 'utf8');
        const m = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(text) : /(\d+)/.exec(text);
        kb = m ? Number(m[1]) : 0;
      } catch {
        // No figure (the process died before reporting): leave 0, shown as '-'.
      }
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code: code ?? 1, ms, peakRssMiB: Math.round(kb / 1024), stdout, stderr });
    });
  });
}

export interface RequestCounts {
  total: number;
  byMethod: Record<string, number>;
  /** PUT, POST, PATCH and DELETE: what ARM counts against the write and delete buckets. */
  writes: number;
  throttled: number;
  /** Most pages fetched from any one collection: the sequential read rounds of this step. */
  maxPagesPerCollection: number;
}

const COLLECTIONS = new Set(Object.values(KIND_INFO).map((k) => k.segment.toLowerCase()));

/** Count the requests of one step from the emulator's request log. */
export function countRequests(entries: RequestLogEntry[]): RequestCounts {
  const byMethod: Record<string, number> = {};
  const pages = new Map<string, number>();
  let writes = 0;
  let throttled = 0;
  for (const e of entries) {
    byMethod[e.method] = (byMethod[e.method] ?? 0) + 1;
    if (e.method !== 'GET') writes++;
    if (e.status === 429) throttled++;
    const p = e.path.split('?')[0].toLowerCase();
    const last = p.split('/').pop() ?? '';
    if (e.method === 'GET' && COLLECTIONS.has(last)) pages.set(p, (pages.get(p) ?? 0) + 1);
  }
  return { total: entries.length, byMethod, writes, throttled, maxPagesPerCollection: Math.max(0, ...pages.values()) };
}
