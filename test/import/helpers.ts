/**
 * Diagnostics without the one for the top-level `env:` list that import writes for secrets: helper "sec"
 * adds that key to adf-deploy.yaml in the same release (until then the loader calls it unknown).
 */
export function withoutEnvDeclaration<T extends { code: string; path?: (string | number)[] }>(list: T[]): T[] {
  return list.filter((d) => !(d.code === 'manifest.unknown-key' && d.path?.length === 1 && d.path[0] === 'env'));
}
