import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SHARED } from '../helpers/cli.js';
import { describeShared } from '../helpers/shared.js';
import { useEmulator } from './helpers.js';
import { v1 } from './v1-helpers.js';

const SEED = path.join(SHARED, 'seeds/v1-datafactory-rest-reference.md');

/** The seed's sample exchanges: method + URL, and the JSON body after "The response includes the following XML body." */
function samples(): { method: string; url: string; status: string; body?: unknown }[] {
  const text = fs.readFileSync(SEED, 'utf8');
  const out: { method: string; url: string; status: string; body?: unknown }[] = [];
  for (const m of text.matchAll(/^(PUT|GET|DELETE): (https:\/\/management\.azure\.com\S+)\s*$/gm)) {
    const rest = text.slice((m.index ?? 0) + m[0].length);
    const status = /Status Code:\s*\n\s*(\w+)/.exec(rest)?.[1] ?? '';
    const bodyStart = rest.indexOf('The response includes the following XML body.');
    const next = rest.search(/^(PUT|GET|DELETE|POST): /m);
    let body: unknown;
    if (bodyStart >= 0 && (next < 0 || bodyStart < next)) {
      const after = rest.slice(bodyStart).split('\n').slice(1).join('\n');
      const json = after.slice(0, after.indexOf('```')).trim();
      body = JSON.parse(json);
    }
    out.push({ method: m[1], url: m[2], status, body });
  }
  return out;
}

/** GUIDs vary: the service's and the emulator's alike. */
const norm = (v: unknown): unknown =>
  JSON.parse(JSON.stringify(v).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<guid>'));
const STATUS: Record<string, number> = { Created: 201, OK: 200 };

describeShared('the seed V1 reference replayed against the emulator', () => {
  const env = useEmulator();
  const call = v1(env.call);

  it('the seed sample requests give the seed sample responses (PUT, GET, list, DELETE)', async () => {
    const all = samples();
    expect(all.map((s) => s.method)).toEqual(['PUT', 'DELETE', 'GET', 'GET']);
    const [put, del, get, list] = all;
    const local = (url: string) => url.replace('https://management.azure.com', '').replace(/\?.*$/, '');
    // The list sample holds `test` and `test2`.
    const r = await call('PUT', local(put.url), { name: 'RestDataFactory', location: 'West US', tags: {} });
    expect(r.status).toBe(STATUS[put.status]);
    expect(norm(r.body)).toEqual(norm(put.body));
    await call('PUT', local(put.url).replace(/test$/, 'test2'), { location: 'West US', tags: {} });
    const g = await call('GET', local(get.url));
    expect(g.status).toBe(STATUS[get.status]);
    expect(norm(g.body)).toEqual(norm(get.body ?? list.body));
    const l = await call('GET', local(list.url));
    expect(norm(l.body)).toEqual(norm(list.body));
    const d = await call('DELETE', local(del.url));
    expect(d.status).toBe(STATUS[del.status]);
    expect(d.text).toBe('');
  });
});
