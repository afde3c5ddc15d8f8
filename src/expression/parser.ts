import type { ExprNode } from './ast.js';

/** A syntax error at `offset` (0-based) inside the expression text. Returned, not thrown, by parseExpression. */
export class ExpressionSyntaxError extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.name = 'ExpressionSyntaxError';
    this.offset = offset;
  }
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
/**
 * Property names after `.` may also start with a digit and contain `$`, `@` and `-` (JSON keys such as
 * `$schema`; global parameter names such as `GP-Int`, which real factories select with a dot). The
 * language has no operators, so a `-` there cannot mean subtraction.
 */
const PROP_START = /[A-Za-z0-9_$@]/;
const PROP_PART = /[A-Za-z0-9_$@-]/;

/**
 * Parse one ADF expression: function calls, `.x` / `?.x` property access, `[e]` / `?[e]` indexing,
 * single-quoted strings with `''` escaping, numbers, true/false/null. Returns the tree, or an
 * ExpressionSyntaxError whose offset points at the problem.
 */
export function parseExpression(text: string): ExprNode | ExpressionSyntaxError {
  try {
    const p = new Parser(text);
    p.skipSpace();
    if (p.pos >= text.length)
      throw new ExpressionSyntaxError(0, 'empty expression: expected a function call or a literal after @');
    const node = p.parseExpr();
    p.skipSpace();
    if (p.pos < text.length) throw p.error(`unexpected ${p.describe()} after the end of the expression`);
    return node;
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) return err;
    throw err;
  }
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  error(message: string, at = this.pos): ExpressionSyntaxError {
    return new ExpressionSyntaxError(at, message);
  }

  /** Human description of what sits at the cursor, for 'found ...' messages. */
  describe(at = this.pos): string {
    if (at >= this.text.length) return 'end of expression';
    const ch = this.text[at];
    if (IDENT_START.test(ch)) {
      let end = at;
      while (end < this.text.length && IDENT_PART.test(this.text[end])) end++;
      return `'${this.text.slice(at, end)}'`;
    }
    return `'${ch}'`;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  parseExpr(): ExprNode {
    let node = this.parsePrimary();
    for (;;) {
      this.skipSpace();
      const ch = this.text[this.pos];
      const optional = ch === '?';
      if (optional) {
        const next = this.text[this.pos + 1];
        if (next !== '.' && next !== '[')
          throw this.error(`expected '.' or '[' after '?', found ${this.describe(this.pos + 1)}`, this.pos + 1);
        this.pos++;
      }
      const op = this.text[this.pos];
      if (op === '.') {
        this.pos++;
        this.skipSpace();
        const propertyStart = this.pos;
        if (PROP_START.test(this.text[this.pos] ?? '')) {
          while (this.pos < this.text.length && PROP_PART.test(this.text[this.pos])) this.pos++;
        }
        if (this.pos === propertyStart)
          throw this.error(`expected a property name after '${optional ? '?.' : '.'}', found ${this.describe()}`);
        node = {
          kind: 'member',
          object: node,
          property: this.text.slice(propertyStart, this.pos),
          optional,
          propertyStart,
          start: node.start,
          end: this.pos,
        };
      } else if (op === '[') {
        const open = this.pos;
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === ']') throw this.error('expected an index or a property name inside [ ]');
        const index = this.parseExpr();
        this.skipSpace();
        if (this.text[this.pos] !== ']')
          throw this.error(`expected ']' to close the '[' at ${open + 1}, found ${this.describe()}`);
        this.pos++;
        node = { kind: 'index', object: node, index, optional, start: node.start, end: this.pos };
      } else {
        return node;
      }
    }
  }

  parsePrimary(): ExprNode {
    this.skipSpace();
    const start = this.pos;
    const ch = this.text[this.pos];
    if (ch === undefined) throw this.error('unexpected end of expression: expected a value');
    if (ch === "'") return this.parseString();
    if (ch === '"') throw this.error("string literals use single quotes ('text'), not double quotes");
    if (/[0-9.\-+]/.test(ch)) return this.parseNumber();
    if (!IDENT_START.test(ch)) throw this.error(`expected a function call or a literal, found ${this.describe()}`);
    while (this.pos < this.text.length && IDENT_PART.test(this.text[this.pos])) this.pos++;
    const name = this.text.slice(start, this.pos);
    const lower = name.toLowerCase();
    const afterName = this.pos;
    this.skipSpace();
    if (this.text[this.pos] !== '(') {
      if (lower === 'true' || lower === 'false')
        return { kind: 'literal', value: lower === 'true', start, end: afterName };
      if (lower === 'null') return { kind: 'literal', value: null, start, end: afterName };
      throw this.error(`expected '(' after the function name '${name}', found ${this.describe()}`);
    }
    const open = this.pos;
    this.pos++;
    const args: ExprNode[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name, args, start, end: this.pos };
    }
    for (;;) {
      args.push(this.parseExpr());
      this.skipSpace();
      const sep = this.text[this.pos];
      if (sep === ',') {
        this.pos++;
        this.skipSpace();
        if (this.text[this.pos] === ')')
          throw this.error(`expected an argument after ',' in the call of '${name}', found ')'`);
        continue;
      }
      if (sep === ')') {
        this.pos++;
        return { kind: 'call', name, args, start, end: this.pos };
      }
      throw this.error(`expected ',' or ')' in the call of '${name}' opened at ${open + 1}, found ${this.describe()}`);
    }
  }

  parseString(): ExprNode {
    const start = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      if (this.pos >= this.text.length)
        throw this.error(`unterminated string literal starting at ${start + 1}: expected a closing '`, start);
      const c = this.text[this.pos];
      if (c === "'") {
        if (this.text[this.pos + 1] === "'") {
          value += "'";
          this.pos += 2;
          continue;
        }
        this.pos++;
        return { kind: 'literal', value, start, end: this.pos };
      }
      value += c;
      this.pos++;
    }
  }

  parseNumber(): ExprNode {
    const start = this.pos;
    const m = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) throw this.error(`expected a number, found ${this.describe()}`);
    this.pos += m[0].length;
    if (this.pos < this.text.length && IDENT_START.test(this.text[this.pos]))
      throw this.error(`unexpected ${this.describe()} right after the number ${m[0]}`);
    const float = m[2] !== undefined || m[3] !== undefined || m[1].startsWith('.');
    return { kind: 'literal', value: Number(m[0]), start, end: this.pos, ...(float ? { float } : {}) };
  }
}
