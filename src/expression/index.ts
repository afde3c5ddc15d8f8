/**
 * The ADF expression language: which strings are expressions (findExpressions), the parser
 * (parseExpression), static checks over a project (checkExpressions) and the evaluator (evaluate).
 */
export type { ExprNode, LiteralNode, CallNode, MemberNode, IndexNode } from './ast.js';
export { walkExpr } from './ast.js';
export { parseExpression, ExpressionSyntaxError } from './parser.js';
export { findExpressions, type FoundExpression, type JsonPath } from './find.js';
export { splitTemplate, hasExpression, type TemplatePart } from './template.js';
export { FUNCTIONS, lookupFunction, type FunctionSpec, type FunctionFamily } from './functions/table.js';
export { evaluate, evaluateExpression, evaluateDeep } from './evaluate.js';
export type { EvaluationContext } from './context.js';
export { ExpressionEvaluationError, toText, type Value } from './value.js';
export { timeZoneIds } from './datetime/timezones.js';
export { checkExpressions } from './check/index.js';
