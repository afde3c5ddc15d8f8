import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { generateFromDir, listFiles, OUT_DIR } from '../../scripts/gen-schemas.js';
import { describeShared } from '../helpers/shared.js';

describeShared('schemas/types is what npm run gen:schemas produces', () => {
  it('has no drift from ../shared/reference/arm-schemas', () => {
    const expected = generateFromDir();
    const committed = listFiles(OUT_DIR);
    const missing = [...expected.keys()].filter((f) => !committed.includes(f));
    const extra = committed.filter((f) => !expected.has(f));
    const changed = [...expected.keys()].filter(
      (f) => committed.includes(f) && readFileSync(path.join(OUT_DIR, f), 'utf8') !== expected.get(f),
    );
    const problems = [
      ...missing.map((f) => `missing ${f}`),
      ...extra.map((f) => `not generated ${f}`),
      ...changed.map((f) => `changed ${f}`),
    ];
    expect(
      problems,
      `schemas/types is out of date: run npm run gen:schemas\n${problems.slice(0, 20).join('\n')}`,
    ).toEqual([]);
  });
});
