import { setFlagsFromString } from 'node:v8';

/**
 * V8 hands a function to its optimising compiler once the function has run through an "interrupt budget" of
 * bytecode a few times; the compiling runs on background threads. A command of a few seconds runs a great deal of
 * code just hot enough for that: in the re-plan of 5,000 objects V8's four background threads used about 1.1 s of
 * CPU, 0.8 s of it compiling, on a 2-core machine whose other core the list pages and the emulator needed. A budget
 * about 9 times V8's default (66 KB in V8 11, Node 20) leaves the briefly hot code to the baseline tiers and still
 * optimises what runs long: the re-plan's CPU fell by about 0.4 s and a cold validate of 5,000 objects by about
 * 0.6 s (bench/notes/7-tiering.md). It changes when code is optimised, never what it does.
 */
export const INTERRUPT_BUDGET = 600_000;

/**
 * Called once by the process entry, before the command's modules load (their functions take the budget in force
 * when they are first run). A budget given to node itself (`node --interrupt-budget=N`) stays.
 */
export function lengthenTiering(execArgv: readonly string[]): void {
  if (execArgv.some((a) => /^--interrupt[-_]budget(=|$)/.test(a))) return;
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
