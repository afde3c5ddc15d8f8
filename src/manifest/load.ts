import type { LoadOptions, LoadResult } from './types.js';

/**
 * Load the project in `dir`: read adf-deploy.yaml and every other *.yaml / *.yml below it, keep positions,
 * substitute ${{ vars.X }} / ${{ env.X }}, apply the chosen environment. Never throws for bad input: every
 * problem comes back as a Diagnostic. (Stub until the manifest module lands.)
 */
export async function loadProject(_dir: string, _options: LoadOptions = {}): Promise<LoadResult> {
  throw new Error('loadProject: not implemented yet');
}
