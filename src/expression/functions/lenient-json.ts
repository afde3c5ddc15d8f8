import { setOwn } from '../../core/own.js';
import { fail, makeFloat, normalizeInt, type Value } from '../value.js';

/**
 * Parse JSON the way ADF's json() does (Json.NET): standard JSON, plus single-quoted strings and
 * unquoted property names, which real pipelines rely on (`json('{''a'': 1}')`).
 */
export function parseLenientJson(text: string): Value {
  // JSON.parse cannot tell 2.0 from 2 or keep 64-bit integers exact: such text takes the slower parser.
  if (/\d[.eE]|\d{16}/.test(text)) return new LenientParser(text).parseDocument();
  try {
    return JSON.parse(text) as Value;
  } catch {
    return new LenientParser(text).parseDocument();
  }
}

class LenientParser {
  private pos = 0;
  constructor(private readonly text: string) {}

  private error(what: string): never {
    return fail(
      `The template language function 'json' parameter is not valid. The provided value '${this.text.length > 80 ? `${this.text.slice(0, 80)}...` : this.text}' cannot be parsed: ${what} at position ${this.pos}.`,
    );
  }

  private space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  parseDocument(): Value {
    const v = this.value();
    this.space();
    if (this.pos < this.text.length) this.error('unexpected text after the value');
    return v;
  }

  private value(): Value {
    this.space();
    const c = this.text[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string();
    const m = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|null)/.exec(this.text.slice(this.pos));
    if (!m) return this.error('expected a value');
    this.pos += m[0].length;
    if (m[0] === 'true' || m[0] === 'false') return m[0] === 'true';
    if (m[0] === 'null') return null;
    // Json.NET reads 2.0 as a float and integers beyond 64 bits' safe range exactly.
    if (m[2] !== undefined || m[3] !== undefined) return makeFloat(Number(m[0]));
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : normalizeInt(BigInt(m[0]));
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++];
      if (c === quote) return out;
      if (c === '\\') {
        const e = this.text[this.pos++];
        const map: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          b: '\b',
          f: '\f',
          '/': '/',
          '\\': '\\',
          '"': '"',
          "'": "'",
        };
        if (e === 'u') {
          out += String.fromCharCode(parseInt(this.text.slice(this.pos, this.pos + 4), 16));
          this.pos += 4;
        } else out += map[e] ?? e;
      } else out += c;
    }
    return this.error('unterminated string');
  }

  private key(): string {
    this.space();
    const c = this.text[this.pos];
    if (c === '"' || c === "'") return this.string();
    const m = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(this.text.slice(this.pos));
    if (!m) return this.error('expected a property name');
    this.pos += m[0].length;
    return m[0];
  }

  private object(): Value {
    this.pos++;
    const out: { [key: string]: Value } = {};
    this.space();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      const k = this.key();
      this.space();
      if (this.text[this.pos++] !== ':') this.error("expected ':'");
      setOwn(out, k, this.value());
      this.space();
      const sep = this.text[this.pos++];
      if (sep === '}') return out;
      if (sep !== ',') this.error("expected ',' or '}'");
      this.space();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return out;
      }
    }
  }

  private array(): Value {
    this.pos++;
    const out: Value[] = [];
    this.space();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      const sep = this.text[this.pos++];
      if (sep === ']') return out;
      if (sep !== ',') this.error("expected ',' or ']'");
      this.space();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return out;
      }
    }
  }
}
