/**
 * The subset of ARM template expressions ADF's ARM export writes into resource properties, translated into
 * manifest text: `parameters('p')` -> `${{ vars.p }}`, `variables('v')` -> the variable's value, `concat(...)`
 * of those and string literals -> text. Anything else (resourceId, format, if...) is not translated.
 */
type Arg = { lit: string } | { call: string; args: Arg[] } | { num: number };

/** A translated expression: the pieces of the result, literal text or a parameter's value. */
export type Piece = { text: string } | { param: string } | { value: unknown };

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Arg | undefined {
    const arg = this.arg();
    this.space();
    return arg && this.i === this.s.length ? arg : undefined;
  }

  private space(): void {
    while (this.s[this.i] === ' ') this.i++;
  }

  private arg(): Arg | undefined {
    this.space();
    const c = this.s[this.i];
    if (c === "'") {
      let out = '';
      for (this.i++; this.i < this.s.length; this.i++) {
        if (this.s[this.i] === "'") {
          if (this.s[this.i + 1] === "'") {
            out += "'";
            this.i++;
          } else {
            this.i++;
            return { lit: out };
          }
        } else out += this.s[this.i];
      }
      return undefined;
    }
    const num = /^-?\d+/.exec(this.s.slice(this.i));
    if (num) {
      this.i += num[0].length;
      return { num: Number(num[0]) };
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.s.slice(this.i));
    if (!name) return undefined;
    this.i += name[0].length;
    this.space();
    if (this.s[this.i] !== '(') return undefined;
    this.i++;
    const args: Arg[] = [];
    this.space();
    if (this.s[this.i] === ')') {
      this.i++;
      return { call: name[0], args };
    }
    for (;;) {
      const a = this.arg();
      if (!a) return undefined;
      args.push(a);
      this.space();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] === ')') {
        this.i++;
        return { call: name[0], args };
      } else return undefined;
    }
  }
}

/**
 * Translate the body of `[...]` into pieces, or undefined when it uses anything beyond parameters(),
 * variables() and concat(). `variable` returns a template variable's value (undefined when unknown).
 */
export function translateExpression(body: string, variable: (name: string) => unknown): Piece[] | undefined {
  const ast = new Parser(body).parse();
  return ast ? pieces(ast, variable, 0) : undefined;
}

function pieces(a: Arg, variable: (name: string) => unknown, depth: number): Piece[] | undefined {
  if (depth > 20) return undefined;
  if ('lit' in a) return [{ text: a.lit }];
  if ('num' in a) return [{ value: a.num }];
  const fn = a.call.toLowerCase();
  const onlyLiteral = a.args.length === 1 && 'lit' in a.args[0] ? a.args[0].lit : undefined;
  if (fn === 'parameters' && onlyLiteral !== undefined) return [{ param: onlyLiteral }];
  if (fn === 'variables' && onlyLiteral !== undefined) {
    const v = variable(onlyLiteral);
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.startsWith('[') && !v.startsWith('[['))
      return translateExpression(v.slice(1, -1), variable);
    return [{ value: typeof v === 'string' && v.startsWith('[[') ? v.slice(1) : v }];
  }
  if (fn === 'concat') {
    const out: Piece[] = [];
    for (const arg of a.args) {
      const p = pieces(arg, variable, depth + 1);
      if (!p) return undefined;
      out.push(...p);
    }
    return out;
  }
  return undefined;
}
