import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.js';

const atFileLevel = tempDir('adf-temp-dir-file-');
let inHook: string;
let inTest: string;

describe('tempDir', () => {
  beforeAll(() => {
    inHook = tempDir('adf-temp-dir-hook-');
  });

  it('makes a fresh folder', () => {
    inTest = tempDir('adf-temp-dir-test-');
    expect(existsSync(inTest)).toBe(true);
  });

  it('removes a folder made in a test when that test ends; one made outside a test lasts until the file ends', () => {
    expect(existsSync(inTest)).toBe(false);
    expect(existsSync(atFileLevel)).toBe(true);
    expect(existsSync(inHook)).toBe(true);
  });
});
