/**
 * ARM template expressions (`[concat(parameters('a'), '/b')]`), the emulator's own small reader: calls,
 * string and integer literals, `.property` and `[index]` access. Written from ARM's template syntax
 * (learn.microsoft.com "Syntax and expressions in ARM templates"), not from the client's import code.
 */

export type Expr =
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'call'; name: string; args: Expr[] }
  | { t: 'prop'; of: Expr; name: string }
  | { t: 'index'; of: Expr; index: Expr };

/** A template error: ARM answers 400 InvalidTemplate before anything is deployed. */
export class TemplateError extends Error {}

/** True when a template string is an expression (`[...]`, not the `[[` escape of a literal). */
export function isExpression(s: string): boolean {
  return s.startsWith('[') && !s.startsWith('[[') && s.endsWith(']');
}

class Reader {
  private i = 0;
  constructor(private readonly s: string) {}

  read(): Expr {
    const e = this.expr();
    this.space();
    if (this.i !== this.s.length) this.fail(`unexpected '${this.s[this.i]}'`);
    return e;
  }

  private fail(what: string): never {
    throw new TemplateError(
      `The template language expression '${this.s}' is not valid: ${what} at position ${this.i}.`,
    );
  }

  private space(): void {
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t' || this.s[this.i] === '\n') this.i++;
  }

  private expr(): Expr {
    let e = this.primary();
    for (;;) {
      if (this.s[this.i] === '.') {
        this.i++;
        const m = /^[A-Za-z_$][\w$]*/.exec(this.s.slice(this.i));
        if (!m) this.fail('expected a property name after .');
        this.i += m[0].length;
        e = { t: 'prop', of: e, name: m[0] };
      } else if (this.s[this.i] === '[') {
        this.i++;
        const index = this.expr();
        this.space();
        if (this.s[this.i] !== ']') this.fail("expected ']'");
        this.i++;
        e = { t: 'index', of: e, index };
      } else return e;
    }
  }

  private primary(): Expr {
    this.space();
    const c = this.s[this.i];
    if (c === "'") return { t: 'str', v: this.string() };
    const num = /^-?\d+/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return { t: 'num', v: Number(num[0]) };
    }
    const name = /^[A-Za-z_][\w.]*?(?=\s*\()/.exec(this.s.slice(this.i));
    if (!name) this.fail('expected a function call, a string or a number');
    this.i += name[0].length;
    this.space();
    this.i++; // '('
    const args: Expr[] = [];
    this.space();
    if (this.s[this.i] === ')') {
      this.i++;
      return { t: 'call', name: name[0], args };
    }
    for (;;) {
      args.push(this.expr());
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] === ')') {
        this.i++;
        return { t: 'call', name: name[0], args };
      } else this.fail("expected ',' or ')'");
    }
  }

  private string(): string {
    let out = '';
    for (this.i++; this.i < this.s.length; this.i++) {
      if (this.s[this.i] !== "'") out += this.s[this.i];
      else if (this.s[this.i + 1] === "'") {
        out += "'";
        this.i++;
      } else {
        this.i++;
        return out;
      }
    }
    return this.fail('unterminated string');
  }
}

/** Read the body of `[...]`. */
export function parseExpression(body: string): Expr {
  return new Reader(body).read();
}
