// `npx tsx bench/runs.ts`: the run engine's costs, in-process over real HTTP, on a virtual run clock (no waiting).
// 1. engine overhead per activity (a pipeline of 500 independent Wait-0 activities);
// 2. a ForEach of 1,000 Wait-0 iterations (batchCount 50);
// 3. queryActivityruns over a run of 10,000 activity runs, page by page (100 a page).
import { startEmulator } from '../src/emulator/index.js';
import { createVirtualClock } from '../src/emulator/runtime/clock.js';

const F = '/subscriptions/b/resourceGroups/rg/providers/Microsoft.DataFactory/factories/bench';
const ALL = { lastUpdatedAfter: '2000-01-01T00:00:00Z', lastUpdatedBefore: '2100-01-01T00:00:00Z' };

async function main(): Promise<void> {
  const emu = await startEmulator({
    port: 0,
    throttle: 'off',
    runClock: createVirtualClock(Date.parse('2026-01-01T00:00:00Z')),
  });
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}${path}?api-version=2018-06-01`, {
      method,
      headers: { authorization: 'Bearer b', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as Record<string, any>;
  };
  const wait0 = (name: string) => ({ name, type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } });
  const forEach = (n: number) => ({
    activities: [
      {
        name: 'Loop',
        type: 'ForEach',
        typeProperties: { batchCount: 50, items: `@range(0, ${n})`, activities: [wait0('W')] },
      },
    ],
  });
  const timed = async (name: string, properties: Record<string, unknown>) => {
    await call('PUT', `${F}/pipelines/${name}`, { properties });
    const t0 = performance.now();
    const { runId } = await call('POST', `${F}/pipelines/${name}/createRun`);
    await emu.runs?.idle();
    const ms = performance.now() - t0;
    const run = await call('GET', `${F}/pipelineruns/${runId}`);
    if (run.status !== 'Succeeded') throw new Error(`${name}: ${run.status} ${run.message}`);
    return { runId: runId as string, ms };
  };
  try {
    await call('PUT', F, { location: 'westeurope' });
    const rows: string[][] = [];
    const show = (r: string[]) => (rows.push(r), console.log(r.join('  ')));
    const flat = await timed('flat', {
      activities: Array.from({ length: Number(process.env.N ?? 500) }, (_, i) => wait0(`W${i}`)),
    });
    show([
      '500 independent Wait-0 activities',
      `${flat.ms.toFixed(0)} ms`,
      `${((flat.ms / 500) * 1000).toFixed(0)} µs per activity`,
    ]);
    const loop = await timed('loop', forEach(1000));
    show([
      'ForEach of 1,000 Wait-0 iterations',
      `${loop.ms.toFixed(0)} ms`,
      `${((loop.ms / 1000) * 1000).toFixed(0)} µs per iteration`,
    ]);
    const bigN = Number(process.env.BIG ?? 10_000);
    const big = await timed('big', forEach(bigN));
    show([
      `ForEach of ${bigN.toLocaleString('en')} Wait-0 iterations`,
      `${big.ms.toFixed(0)} ms`,
      `${((big.ms / bigN) * 1000).toFixed(0)} µs per iteration`,
    ]);
    let token: string | null = null;
    let pages = 0;
    let count = 0;
    const t0 = performance.now();
    do {
      const page: Record<string, any> = await call('POST', `${F}/pipelineruns/${big.runId}/queryActivityruns`, {
        ...ALL,
        continuationToken: token,
      });
      count += page.value.length;
      token = page.continuationToken;
      pages++;
    } while (token);
    const qms = performance.now() - t0;
    show([
      `queryActivityruns, ${count.toLocaleString('en')} activity runs`,
      `${qms.toFixed(0)} ms`,
      `${pages} pages, ${(qms / pages).toFixed(1)} ms per page`,
    ]);
  } finally {
    await emu.close();
  }
}

await main();
