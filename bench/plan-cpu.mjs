// The plan's own CPU (issue 19; bench/notes/3-plan-cpu.md): projectSecrets + computePlan of a loaded project
// against a saved live state, in one process, by process.cpuUsage(). Reads and validation are left out.
//   node bench/plan-cpu.mjs BUILD DIR LIVE.json --dump ENDPOINT   save the live state of DIR's factory once
//   node --heap-growing-percent=25 bench/plan-cpu.mjs BUILD DIR LIVE.json
// BUILD is a checkout with dist/ built (npm run build): run it for two builds alternately and compare.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [build, dir, liveFile, flag, endpoint] = process.argv.slice(2);
const load = (m) => import(pathToFileURL(path.resolve(build, 'dist', m)).href);
const { loadProject } = await load('manifest/load.js');
const { project } = await loadProject(dir, { environ: process.env });
if (!project) throw new Error(`${dir} does not load (set its env variables?)`);
const target = { ...project.target, factoryName: project.factory.name };

if (flag === '--dump') {
  const { createArmClient } = await load('arm/client.js');
  const { fetchLiveState } = await load('state/fetch.js');
  const credential = { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }) };
  const live = await fetchLiveState(createArmClient({ endpoint, credential }), target);
  fs.writeFileSync(liveFile, JSON.stringify(live));
  console.log(`${live.resources.length} live resources saved to ${liveFile}`);
  process.exit(0);
}

const { computePlan } = await load('plan/planner.js');
const { projectSecrets } = await load('cli/scrub.js');
const live = JSON.parse(fs.readFileSync(liveFile, 'utf8'));
const input = { project, live, target: { ...target, endpoint: 'http://127.0.0.1' }, now: () => new Date(0) };
const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
const cpuOf = (fn) => {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
await pause();
// As the CLI does it: the scrubber's secrets first, then the plan.
const first = cpuOf(() => {
  projectSecrets(project);
  computePlan(input);
});
const again = [];
for (let i = 0; i < 3; i++) {
  await pause();
  again.push(cpuOf(() => computePlan(input)));
}
const load1 = fs.existsSync('/proc/loadavg') ? fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0] : '?';
console.log(
  `load ${load1}: first projectSecrets + computePlan ${first.toFixed(0)} ms CPU; computePlan again ${again.map((t) => t.toFixed(0)).join(', ')} ms`,
);
