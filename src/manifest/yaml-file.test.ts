import { describe, expect, it } from 'vitest';
import { locateInDocument, parseYamlDocuments, type ParsedDocument } from './yaml-file.js';

const TEXT = [
  'name: a',
  'properties:',
  '  type: X',
  '---',
  '# second',
  'name: b',
  'properties:',
  '  deep:',
  '    - 1',
  '    - key: v',
  '',
].join('\n');

describe('parseYamlDocuments: syntax trees on demand', () => {
  it('locates paths in every document of a file, parsed again from the text when first asked', () => {
    const { documents, diagnostics } = parseYamlDocuments('f.yaml', TEXT);
    expect(diagnostics).toEqual([]);
    expect(documents.map((d) => d.value)).toEqual([
      { name: 'a', properties: { type: 'X' } },
      { name: 'b', properties: { deep: [1, { key: 'v' }] } },
    ]);
    expect(locateInDocument(documents[0], ['properties', 'type'])).toEqual({ file: 'f.yaml', line: 3, col: 3 });
    expect(locateInDocument(documents[1], ['properties', 'deep', 1, 'key'])).toEqual({
      file: 'f.yaml',
      line: 10,
      col: 7,
    });
    // One parse per file, kept once asked for.
    expect(documents[1].doc).toBe(documents[1].doc);
  });

  it("answers a document's own start without its syntax tree (asked for every resource)", () => {
    const [second] = parseYamlDocuments('f.yaml', TEXT).documents.slice(1);
    const noTree: ParsedDocument = {
      ...second,
      get doc(): never {
        throw new Error('the syntax tree was built');
      },
    };
    expect(locateInDocument(noTree, [])).toEqual({ file: 'f.yaml', line: 6, col: 1 });
    expect(locateInDocument(second, [])).toEqual(second.start);
  });
});
