import type { Diagnostic } from '../../core/diagnostic.js';
import type { Project } from '../../manifest/types.js';
import { resourceAddress, type Resource } from '../../model/resource.js';
import { secretTextOf } from '../../validate/secret-text.js';
import { checkExpressionText } from './check-expression.js';
import { locateInString } from './location.js';
import { checkParameterPassing } from './references.js';
import { nameSetOf } from './scope.js';
import { computeUsage, judgeItemByUse } from './usage.js';
import { scopedExpressions } from './walk.js';

function valueAt(root: unknown, path: (string | number)[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
}

/** The expression checks, one resource at a time (so a caller can give the event loop turns between them). */
export interface ExpressionChecker {
  /** The problems of the expressions in one resource. */
  checkResource(resource: Resource): Diagnostic[];
  /** What spans resources: the parameters passed through references. */
  checkAcross(): Diagnostic[];
}

/** An expression checker for the project: the global parameters and where each pipeline is used, computed once. */
export function expressionChecker(project: Project): ExpressionChecker {
  const globals = nameSetOf(project.factory?.globalParameters ?? {});
  const usage = computeUsage(project);
  return {
    checkResource(resource) {
      const diagnostics: Diagnostic[] = [];
      const isSecret = secretTextOf(project, resource.properties);
      for (const { found, scope } of scopedExpressions(resource, globals)) {
        const problems = found.unterminated
          ? [
              {
                severity: 'error' as const,
                code: 'expr.syntax',
                message: "unterminated '@{': expected a closing '}'",
                offset: -2,
              },
            ]
          : checkExpressionText(found.text, scope).flatMap((p) => judgeItemByUse(resource, p, usage) ?? []);
        if (!problems.length) continue;
        const value = valueAt(resource.properties, found.path);
        const stringValue = typeof value === 'string' ? value : '';
        // A secret's text is never quoted, not even the names the problem echoes from it (a function, a variable).
        const secret = isSecret(stringValue) || isSecret(found.text);
        for (const p of problems) {
          const column = found.offset + p.offset;
          diagnostics.push({
            severity: p.severity,
            code: p.code,
            message: secret
              ? `the value of properties.${found.path.join('.')} holds a secret and is read as an ADF expression that does not check (${p.code})`
              : `${p.message} (column ${column + 1} of '${abbreviate(stringValue)}')`,
            hint: secret
              ? "a literal value starting with '@' is written '@@' (ADF reads '@' as an expression)"
              : p.hint,
            location: locateInString(project, resource, found.path, stringValue, column),
            path: ['properties', ...found.path],
            resource: resourceAddress(resource),
          });
        }
      }
      return diagnostics;
    },
    checkAcross: () => checkParameterPassing(project),
  };
}

/**
 * Static checks of every ADF expression in the project (syntax, functions and argument counts,
 * parameters, variables, activities and their order, item()/trigger() placement, global parameters) and
 * of the parameters passed through dataset, linked service and pipeline references.
 */
export function checkExpressions(project: Project): Diagnostic[] {
  const checker = expressionChecker(project);
  return [...project.resources.flatMap((r) => checker.checkResource(r)), ...checker.checkAcross()];
}
