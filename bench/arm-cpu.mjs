// The ARM client's CPU per request (issue 19; bench/notes/4-http-cpu.md): fetchLiveState of a deployed factory
// (1 factory GET + one paged list per kind), ROUNDS times in one process, by process.cpuUsage(); TCP connections
// opened counted through the net.client.socket diagnostics channel (a keep-alive check).
//   node bench/arm-cpu.mjs BUILD ENDPOINT FACTORY [ROUNDS] [--small N]
// --small N: instead, N GETs of the factory (a 1 KB answer), 8 at a time: the cost of a request without a list page.
// BUILD is a checkout with dist/ built (npm run build): run it for two builds alternately and compare. The target
// is the bench's (bench/generate.ts): subscription 11111111-2222-3333-4444-555555555555, resource group rg-bench.
import diagnostics from 'node:diagnostics_channel';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [build, endpoint, factoryName, roundsArg] = process.argv.slice(2);
const load = (m) => import(pathToFileURL(path.resolve(build, 'dist', m)).href);
const { createArmClient } = await load('arm/client.js');
const { fetchLiveState } = await load('state/fetch.js');
const target = { subscriptionId: '11111111-2222-3333-4444-555555555555', resourceGroup: 'rg-bench', factoryName };
let sockets = 0;
diagnostics.subscribe('net.client.socket', () => sockets++);

const rounds = Number(roundsArg ?? 5);
const small = process.argv.includes('--small') ? Number(process.argv[process.argv.indexOf('--small') + 1]) : 0;
const factoryPath = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.DataFactory/factories/${factoryName}`;
const smallRound = async (client) => {
  let next = 0;
  const worker = async () => {
    while (next++ < small) await client.request('GET', factoryPath);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
};
const round = async (client) => (small ? (await smallRound(client), 0) : (await fetchLiveState(client, target)).resources.length);
const client = createArmClient({ endpoint, token: 'bench-token' });
// One round first (not counted): module compilation and the first connections are start-up, not per request.
await round(client);
const before = client.stats().requests;
const socketsBefore = sockets;
const cpu = process.cpuUsage();
const t0 = performance.now();
let resources = 0;
for (let i = 0; i < rounds; i++) resources = await round(client);
const used = process.cpuUsage(cpu);
const wall = performance.now() - t0;
const requests = client.stats().requests - before;
const ms = (used.user + used.system) / 1000;
console.log(
  `${rounds} rounds x ${resources} resources: ${requests} requests, ${sockets - socketsBefore} new connections (${socketsBefore} in the warm-up round), ` +
    `cpu ${ms.toFixed(0)} ms (user ${(used.user / 1000).toFixed(0)}), ${(ms / requests).toFixed(2)} ms/request, wall ${wall.toFixed(0)} ms`,
);
