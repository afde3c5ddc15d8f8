import { describe, expect, it } from 'vitest';
import { inNoteOrder } from '../../bench/notes-order.js';

describe('the notes of docs/performance.md', () => {
  it('come in the order of their numbers, 10 after 9, and only the Markdown files', () => {
    expect(
      inNoteOrder(['10-main-thread.md', '2-re-plan.md', '9-http-worker.md', '1-validate-cost.md', 'x.txt']),
    ).toEqual(['1-validate-cost.md', '2-re-plan.md', '9-http-worker.md', '10-main-thread.md']);
  });
});
