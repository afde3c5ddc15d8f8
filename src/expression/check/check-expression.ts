import { didYouMean } from '../../core/did-you-mean.js';
import type { Severity } from '../../core/diagnostic.js';
import { walkExpr, type ExprNode } from '../ast.js';
import { describeArity, FUNCTIONS, lookupFunction } from '../functions/table.js';
import { ExpressionSyntaxError, parseExpression } from '../parser.js';
import type { NameSet, Scope } from './scope.js';

/** One finding inside an expression: `offset` is the 0-based position in the expression text. */
export interface ExpressionProblem {
  severity: Severity;
  code: string;
  message: string;
  offset: number;
  hint?: string;
}

const CANONICAL_NAMES = [...FUNCTIONS.values()].map((f) => f.name);

/** The property name selected by `.name` or `['name']`, when it is a literal. */
function selectedName(node: ExprNode): { name: string; offset: number } | undefined {
  if (node.kind === 'member') return { name: node.property, offset: node.propertyStart };
  if (node.kind === 'index' && node.index.kind === 'literal' && typeof node.index.value === 'string')
    return { name: node.index.value, offset: node.index.start };
  return undefined;
}

function isCall(node: ExprNode, name: string): boolean {
  return node.kind === 'call' && node.name.toLowerCase() === name;
}

/** The first argument when it is a string literal (dynamic names cannot be checked). */
function literalArg(node: ExprNode): { value: string; offset: number } | undefined {
  if (node.kind !== 'call') return undefined;
  const a = node.args[0];
  return a && a.kind === 'literal' && typeof a.value === 'string' ? { value: a.value, offset: a.start } : undefined;
}

function hintFor(input: string, names: NameSet): string | undefined {
  const guess = didYouMean(input, names.values());
  if (guess) return `did you mean '${guess}'?`;
  if (!names.size) return 'none are declared';
  const all = [...names.values()];
  return `declared: ${all.slice(0, 10).join(', ')}${all.length > 10 ? `, ... (${all.length} in all)` : ''}`;
}

/** Parse one expression and check it against its scope. */
export function checkExpressionText(text: string, scope: Scope): ExpressionProblem[] {
  const ast = parseExpression(text);
  if (ast instanceof ExpressionSyntaxError)
    return [{ severity: 'error', code: 'expr.syntax', message: ast.message, offset: ast.offset }];
  const problems: ExpressionProblem[] = [];
  const add = (p: ExpressionProblem): void => void problems.push(p);
  walkExpr(ast, (node) => {
    if (node.kind === 'call') checkCall(node, scope, add);
    else checkSelection(node, scope, add);
  });
  return problems;
}

function checkCall(node: Extract<ExprNode, { kind: 'call' }>, scope: Scope, add: (p: ExpressionProblem) => void): void {
  const spec = lookupFunction(node.name);
  if (!spec) {
    const guess = didYouMean(node.name, CANONICAL_NAMES);
    add({
      severity: 'error',
      code: 'expr.unknown-function',
      message: `unknown function '${node.name}'`,
      offset: node.start,
      hint: guess ? `did you mean '${guess}'?` : undefined,
    });
    return;
  }
  if (node.args.length < spec.minArgs || node.args.length > spec.maxArgs) {
    add({
      severity: 'error',
      code: 'expr.arity',
      message: `function '${spec.name}' takes ${describeArity(spec)} argument(s), found ${node.args.length}`,
      offset: node.start,
    });
    return;
  }
  const lower = spec.name.toLowerCase();
  if (lower === 'item' && !scope.inForEach) {
    add({
      severity: 'error',
      code: 'expr.item-outside-foreach',
      message: 'item() is only available inside the activities of a ForEach (not in its items expression)',
      offset: node.start,
    });
  }
  if ((lower === 'trigger' || lower === 'triggerbody' || lower === 'triggeroutputs') && !scope.inTriggerParameters) {
    add({
      severity: 'error',
      code: 'expr.trigger-outside-trigger',
      message: `${spec.name}() is only available in the parameter values a trigger passes to a pipeline`,
      offset: node.start,
      hint: 'pass the value from the trigger as a pipeline parameter and use pipeline().parameters.<name>',
    });
  }
  const arg = literalArg(node);
  if (lower === 'variables' && arg && scope.variables && !scope.variables.has(arg.value.toLowerCase())) {
    add({
      severity: 'error',
      code: 'expr.undeclared-variable',
      message: `variable '${arg.value}' is not declared in the pipeline`,
      offset: arg.offset,
      hint: hintFor(arg.value, scope.variables),
    });
  }
  if (lower === 'activity' && arg && scope.activities) checkActivity(arg, scope, add);
}

function checkActivity(
  arg: { value: string; offset: number },
  scope: Scope,
  add: (p: ExpressionProblem) => void,
): void {
  const lower = arg.value.toLowerCase();
  if (!scope.activities!.has(lower)) {
    add({
      severity: 'error',
      code: 'expr.unknown-activity',
      message: `activity '${arg.value}' does not exist in this pipeline`,
      offset: arg.offset,
      hint: hintFor(arg.value, scope.activities!),
    });
    return;
  }
  const container = scope.uncertainActivities?.get(lower);
  if (container !== undefined) {
    // A warning, not an error: the run fails only on the paths where that activity did not run.
    add({
      severity: 'warning',
      code: 'expr.activity-order',
      message: `activity '${arg.value}' is inside '${container}', which runs before '${scope.currentActivity}'; it may not have run (branch not taken, loop without that iteration)`,
      offset: arg.offset,
      hint: `use the '?.' operator or coalesce() if its absence is expected, or read '${container}' instead`,
    });
    return;
  }
  if (scope.allowedActivities && !scope.allowedActivities.has(lower)) {
    add({
      severity: 'error',
      code: 'expr.activity-order',
      message: `activity '${arg.value}' does not run before '${scope.currentActivity}': no dependsOn path leads from it to '${scope.currentActivity}' or to a container around it`,
      offset: arg.offset,
      hint: `add a dependsOn from '${scope.currentActivity}' (or its container) to '${scope.activities!.get(lower)}'`,
    });
  }
}

/** pipeline().parameters.X, pipeline().globalParameters.X, dataset().X, linkedService().X */
function checkSelection(node: ExprNode, scope: Scope, add: (p: ExpressionProblem) => void): void {
  if (node.kind !== 'member' && node.kind !== 'index') return;
  const selected = selectedName(node);
  if (!selected) return;
  const target = node.object;
  const check = (names: NameSet | undefined, code: string, what: string): void => {
    if (!names || names.has(selected.name.toLowerCase())) return;
    // Global parameters live on the factory, often set per environment outside the project (ARM parameters,
    // a sibling deployment), and the service accepts the reference: a warning (ikanwal pipeline5 is deployed
    // with one). Parameters of the same document are certain mistakes: errors.
    const severity = code === 'expr.unknown-global-parameter' ? 'warning' : 'error';
    add({
      severity,
      code,
      message: `${what} '${selected.name}' is not declared`,
      offset: selected.offset,
      hint: hintFor(selected.name, names),
    });
  };
  if (isCall(target, 'dataset')) check(scope.datasetParameters, 'expr.undeclared-parameter', 'dataset parameter');
  else if (isCall(target, 'linkedservice'))
    check(scope.linkedServiceParameters, 'expr.undeclared-parameter', 'linked service parameter');
  else if (target.kind === 'member' || target.kind === 'index') {
    const group = selectedName(target);
    if (!group || !isCall(target.object, 'pipeline')) return;
    const g = group.name.toLowerCase();
    if (g === 'parameters') check(scope.pipelineParameters, 'expr.undeclared-parameter', 'pipeline parameter');
    else if (g === 'globalparameters')
      check(scope.globalParameters, 'expr.unknown-global-parameter', 'global parameter');
  }
}
