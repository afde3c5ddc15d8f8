import { cpSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { memoryIo } from '../../src/cli/context.js';
import { PROJECT_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('Ctrl-C at the confirmation prompt', () => {
  it('ends the question, exits 130 and writes nothing', async () => {
    const dir = tempDir('adf-confirm-');
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), dir, {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    const controller = new AbortController();
    const io = memoryIo({ isTTY: true, answer: true });
    const ask = io.confirm!;
    io.confirm = async (question, signal) => {
      controller.abort(); // the user presses Ctrl-C while being asked
      return ask(question, signal);
    };
    const code = await main(['node', 'adf-deploy', 'apply', dir, '--local'], {
      io,
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1' },
      signal: controller.signal,
    });
    expect(code).toBe(130);
    expect(io.stderr).toContain('interrupted at the confirmation: nothing was changed');
    const after = await runCli(['plan', dir, '--local', '--detailed-exitcode']);
    expect(after.code).toBe(2);
    expect(after.stdout).toContain('8 to create');
  });
});
