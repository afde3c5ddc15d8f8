import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../helpers/cli.js';

/** Start `adf-deploy emulator ...` as a real process and wait for the URL it prints on stdout. */
export async function spawnEmulator(
  args: string[],
): Promise<{ url: string; child: ChildProcess; done: ReturnType<typeof spawnCli> }> {
  const done = spawnCli(['emulator', '--port', '0', ...args]);
  const child = done.child;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /^(http:\/\/\S+)\n/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}) before printing its URL: ${err}`)));
  });
  return { url, child, done };
}
