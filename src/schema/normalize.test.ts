import { describe, expect, it } from 'vitest';
import { normalizeCase, vocabularyOf } from './normalize.js';

const schema = {
  properties: {
    dataFlow: { properties: { type: { enum: ['DataFlowReference'] } } },
    traceLevel: { enum: ['Fine', 'fine'] },
  },
};

describe('normalizeCase', () => {
  const vocab = vocabularyOf(schema);

  it.each([
    ['respells a key', { dataflow: 1 }, { dataFlow: 1 }],
    ['respells an enum value', { x: 'dataflowreference' }, { x: 'DataFlowReference' }],
    [
      'keeps a key when the canonical spelling is also present',
      { dataflow: 1, dataFlow: 2 },
      { dataflow: 1, dataFlow: 2 },
    ],
    ['keeps an enum value whose case-folded form is ambiguous', { t: 'FINE' }, { t: 'FINE' }],
    ['keeps words the schema does not know', { MyParam: 'free text' }, { MyParam: 'free text' }],
  ])('%s', (_label, input, expected) => {
    expect(normalizeCase(input, vocab).value).toEqual(expected);
  });

  it('maps a path back to the keys as written', () => {
    const n = normalizeCase({ DATAFLOW: [{ Type: 'x' }] }, vocabularyOf({ properties: { dataFlow: {}, type: {} } }));
    expect(n.originalPath(['dataFlow', 0, 'type'])).toEqual(['DATAFLOW', 0, 'Type']);
  });
});
