import { describe, expect, it } from 'vitest';
import { ApprovalGate } from './approval-gate.js';

describe('ApprovalGate', () => {
  it('asks once, when every project is waiting or finished, and gives the one answer to all that wait', async () => {
    const asked: number[][] = [];
    const gate = new ApprovalGate(3, async (ids) => {
      asked.push(ids);
      return true;
    });
    const second = gate.wait(2);
    gate.finished(1);
    expect(asked).toEqual([]); // project 0 is still planning
    const first = gate.wait(0);
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(asked).toEqual([[0, 2]]);
    gate.finished(0);
    gate.finished(2);
    expect(asked).toHaveLength(1);
  });

  it('never asks when nobody waits; a failing question is a no', async () => {
    const never = new ApprovalGate(2, async () => {
      throw new Error('must not ask');
    });
    never.finished(0);
    never.finished(1);
    const failing = new ApprovalGate(1, async () => {
      throw new Error('terminal gone');
    });
    expect(await failing.wait(0)).toBe(false);
  });
});
