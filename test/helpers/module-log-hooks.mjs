// Module hooks for test/cli/startup-modules.test.ts: print every module a run resolves (ESM imports, and the
// packages they name), one `module: URL` line on stderr each.
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (!result.url.startsWith('node:')) process.stderr.write(`module: ${result.url}\n`);
  return result;
}
