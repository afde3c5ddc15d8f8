import type { ShapeChecker } from './shape.js';
import type { EnvDeclaration } from './substitute.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OPTION_KEYS = ['secret', 'allowEmpty'];

/**
 * adf-deploy.yaml's top-level `env:`: the environment variables the project may read with `${{ env.NAME }}`.
 * A list of names (each secret, never empty), or a mapping from name to options
 * (`secret: false` for a value that may be shown, `allowEmpty: true` for one that may be ''); a name with no
 * options (`NAME:` or `NAME: {}`) takes the defaults. No `env:` means no variable may be read.
 */
export function parseEnvDeclarations(check: ShapeChecker, raw: unknown): Map<string, EnvDeclaration> {
  const out = new Map<string, EnvDeclaration>();
  if (raw === undefined || raw === null) return out;
  const add = (name: unknown, options: unknown, path: (string | number)[]) => {
    if (typeof name !== 'string' || !NAME.test(name)) {
      check.report(
        path,
        'env.declaration',
        `'env:' entry ${JSON.stringify(name)} is not an environment variable name`,
        'letters, digits and _, not starting with a digit',
      );
      return;
    }
    const decl: EnvDeclaration = { secret: true, allowEmpty: false };
    if (options !== undefined && options !== null) {
      if (!check.isMapping(options)) {
        check.report(path, 'env.declaration', `'env.${name}' must be a mapping of options (secret, allowEmpty)`);
        return;
      }
      check.unknownKeys(options, OPTION_KEYS, path, `env.${name}`);
      for (const key of OPTION_KEYS) {
        const v = options[key];
        if (v === undefined) continue;
        if (typeof v !== 'boolean')
          check.report([...path, key], 'env.declaration', `'env.${name}.${key}' must be true or false`);
        else decl[key as keyof EnvDeclaration] = v;
      }
    }
    out.set(name, decl);
  };
  if (Array.isArray(raw)) raw.forEach((name, i) => add(name, undefined, ['env', i]));
  else if (check.isMapping(raw)) for (const [name, options] of Object.entries(raw)) add(name, options, ['env', name]);
  else
    check.report(['env'], 'manifest.type', "'env' must be a list of variable names, or a mapping of name to options");
  return out;
}
