/**
 * The syntax tree of one ADF expression (the text after `@`, or inside `@{...}`).
 * Offsets are 0-based positions inside that text; `end` is exclusive.
 */
export type ExprNode = LiteralNode | CallNode | MemberNode | IndexNode;

interface Span {
  start: number;
  end: number;
}

export interface LiteralNode extends Span {
  kind: 'literal';
  value: string | number | boolean | null;
  /** A number written with a decimal point or an exponent (`2.0`, `1e3`): a float in ADF even without a fraction. */
  float?: boolean;
}

export interface CallNode extends Span {
  kind: 'call';
  /** The function name as written (ADF matches function names case-insensitively). */
  name: string;
  args: ExprNode[];
}

/** `.name` or `?.name` */
export interface MemberNode extends Span {
  kind: 'member';
  object: ExprNode;
  property: string;
  optional: boolean;
  /** Where the property name starts. */
  propertyStart: number;
}

/** `[expr]` or `?[expr]` */
export interface IndexNode extends Span {
  kind: 'index';
  object: ExprNode;
  index: ExprNode;
  optional: boolean;
}

/** Visit every node of a tree, parents before children. */
export function walkExpr(node: ExprNode, visit: (node: ExprNode) => void): void {
  visit(node);
  if (node.kind === 'call') node.args.forEach((a) => walkExpr(a, visit));
  else if (node.kind === 'member') walkExpr(node.object, visit);
  else if (node.kind === 'index') {
    walkExpr(node.object, visit);
    walkExpr(node.index, visit);
  }
}
