/**
 * Json, streamed: a splitter that finds top-level objects in decoded text (one per line, concatenated, or the
 * elements of one top-level array: setOfObjects and arrayOfObjects both read), and the writers of both patterns.
 */
export class JsonObjectSplitter {
  #buf = '';
  #depth = 0;
  #inString = false;
  #escape = false;
  #start = -1;
  /** Index in #buf scanned so far. */
  #pos = 0;

  push(text: string): unknown[] {
    this.#buf += text;
    const out: unknown[] = [];
    const b = this.#buf;
    for (let i = this.#pos; i < b.length; i++) {
      const c = b[i];
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === '\\') this.#escape = true;
        else if (c === '"') this.#inString = false;
        continue;
      }
      if (c === '"') {
        if (this.#start < 0) throw new SyntaxError('a JSON string outside an object at the top level');
        this.#inString = true;
      } else if (c === '{') {
        if (this.#depth === 0) this.#start = i;
        this.#depth++;
      } else if (c === '}') {
        this.#depth--;
        if (this.#depth < 0) throw new SyntaxError("an unmatched '}'");
        if (this.#depth === 0) {
          out.push(JSON.parse(b.slice(this.#start, i + 1)));
          this.#start = -1;
        }
      } else if (c === '[' && this.#depth > 0) this.#depth++;
      else if (c === ']' && this.#depth > 0) this.#depth--;
      else if (this.#depth === 0 && !/[\s,[\]]/.test(c)) throw new SyntaxError(`unexpected '${c}' between objects`);
    }
    // Drop what is done; keep the open object's text.
    if (this.#start >= 0) {
      this.#buf = b.slice(this.#start);
      this.#pos = b.length - this.#start;
      this.#start = 0;
    } else {
      this.#buf = '';
      this.#pos = 0;
    }
    return out;
  }

  finish(): void {
    if (this.#depth !== 0 || this.#inString) throw new SyntaxError('the JSON ends inside an object');
  }
}

/** Writes objects as setOfObjects (one per line) or arrayOfObjects (one JSON array). */
export class JsonWriter {
  #first = true;
  constructor(private readonly pattern: 'setOfObjects' | 'arrayOfObjects') {}

  begin(): string {
    return this.pattern === 'arrayOfObjects' ? '[' : '';
  }

  object(value: unknown): string {
    const text = JSON.stringify(value);
    if (this.pattern === 'setOfObjects') return `${text}\n`;
    const sep = this.#first ? '' : ',';
    this.#first = false;
    return sep + text;
  }

  end(): string {
    return this.pattern === 'arrayOfObjects' ? ']' : '';
  }
}
