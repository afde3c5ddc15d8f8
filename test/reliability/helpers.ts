import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { KIND_INFO, type Kind } from '../../src/model/kinds.js';
import { resourceKey } from '../../src/model/resource.js';
import type { GenFactory } from '../../bench/model.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

/** ARM path of a factory. */
export function factoryPath(f: { subscriptionId: string; resourceGroup: string; name: string }): string {
  return `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroup}/providers/Microsoft.DataFactory/factories/${f.name}`;
}

/** A tiny ARM caller for tests (retries nothing: tests see every answer). */
export async function arm(
  url: string,
  method: string,
  p: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: any; headers: Headers }> {
  const full = p.startsWith('http') ? p : `${url}${p}${p.includes('?') ? '&' : '?'}api-version=2018-06-01`;
  const res = await fetch(full, {
    method,
    headers: { authorization: 'Bearer test', 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** Every child resource of the factory, per kind, following nextLink (retrying injected faults). */
export async function listAll(
  url: string,
  f: GenFactory,
  kinds: Kind[] = ['IntegrationRuntime', 'LinkedService', 'Credential', 'Dataset', 'DataFlow', 'Pipeline', 'Trigger'],
): Promise<Array<{ kind: Kind; name: string; properties: any }>> {
  const out: Array<{ kind: Kind; name: string; properties: any }> = [];
  for (const kind of kinds) {
    let next: string | undefined = `${factoryPath(f)}/${KIND_INFO[kind].segment}`;
    while (next) {
      const r = await retrying(() => arm(url, 'GET', next!));
      if (r.status === 404) break;
      for (const item of r.json.value) out.push({ kind, name: item.name, properties: item.properties });
      next = r.json.nextLink;
    }
  }
  return out;
}

async function retrying<T extends { status: number }>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      const r = await fn();
      if ((r.status === 429 || r.status >= 500) && i < 30) {
        await new Promise((res) => setTimeout(res, 50));
        continue;
      }
      return r;
    } catch (err) {
      if (i >= 30) throw err;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

/** Duplicates (case-insensitive) and differences between the live factory and the manifests' resources. */
export async function compareLive(
  url: string,
  f: GenFactory,
): Promise<{ duplicates: string[]; missing: string[]; extra: string[] }> {
  const live = await listAll(url, f);
  const seen = new Map<string, number>();
  for (const r of live) seen.set(resourceKey(r), (seen.get(resourceKey(r)) ?? 0) + 1);
  const wanted = new Set(f.resources.map((r) => resourceKey(r)));
  return {
    duplicates: [...seen].filter(([, n]) => n > 1).map(([k]) => k),
    missing: [...wanted].filter((k) => !seen.has(k)),
    extra: [...seen.keys()].filter((k) => !wanted.has(k)),
  };
}

/** `adf-deploy emulator ...` as a real child process; resolves with its URL once it listens. */
export function spawnEmulator(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(PROJECT_ROOT, 'src/cli/entry.ts'), 'emulator', '--port', '0', ...args],
    { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1].replace(/\/$/, ''), stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`emulator exited ${code}: ${err}`)));
  });
}

/** Wait for a child to be gone (after kill -9). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
