/** DelimitedText, streamed: a parser fed decoded text chunk by chunk, and a line formatter. */

export interface DelimitedSettings {
  columnDelimiter: string;
  /** undefined: any of \r\n, \r, \n on read; '\r\n' on write (ADF's Copy default). */
  rowDelimiter?: string;
  quoteChar: string;
  escapeChar: string;
  firstRowAsHeader: boolean;
  nullValue: string;
  quoteAllText?: boolean;
}

export type Field = string | null;

/**
 * A state machine over characters, so rows may span chunks. Quoted fields may hold delimiters and line breaks;
 * inside quotes the escape character makes the next character literal (with escape = quote, `""` is a quote).
 * An unquoted field equal to nullValue reads as null; a quoted one is always a string.
 */
export class DelimitedParser {
  #row: Field[] = [];
  #field = '';
  #quoted = false;
  #inQuotes = false;
  #afterQuote = false;
  #pendingEscape = false;
  #pendingCR = false;
  #started = false;

  constructor(private readonly s: DelimitedSettings) {}

  /** Feed text; returns the rows completed by it. */
  push(text: string): Field[][] {
    const rows: Field[][] = [];
    const { columnDelimiter: cd, quoteChar: q, escapeChar: e, rowDelimiter: rd } = this.s;
    const single = cd.length === 1;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text[i];
      if (this.#pendingCR) {
        this.#pendingCR = false;
        if (c === '\n') {
          i++;
          continue;
        }
      }
      if (this.#inQuotes) {
        if (this.#pendingEscape) {
          this.#field += c;
          this.#pendingEscape = false;
          i++;
          continue;
        }
        if (c === e && e !== q) {
          this.#pendingEscape = true;
          i++;
          continue;
        }
        if (c === q) {
          if (e === q && text[i + 1] === q) {
            this.#field += q;
            i += 2;
            continue;
          }
          if (e === q && i + 1 === n) {
            // Cannot tell `""` from a closing quote at the chunk's end: keep it pending.
            this.#inQuotes = false;
            this.#afterQuote = true;
            i++;
            continue;
          }
          this.#inQuotes = false;
          this.#afterQuote = true;
          i++;
          continue;
        }
        // Fast path: copy a run of ordinary characters.
        let j = i + 1;
        while (j < n && text[j] !== q && text[j] !== e) j++;
        this.#field += text.slice(i, j);
        i = j;
        continue;
      }
      if (this.#afterQuote && e === q && c === q && q !== '') {
        // `""` split across chunks: a literal quote, back inside the quoted field.
        this.#field += q;
        this.#inQuotes = true;
        this.#afterQuote = false;
        i++;
        continue;
      }
      this.#afterQuote = false;
      if (single ? c === cd : text.startsWith(cd, i)) {
        this.#endField();
        i += cd.length;
        continue;
      }
      const rowEnd = rd === undefined ? (c === '\n' || c === '\r' ? 1 : 0) : text.startsWith(rd, i) ? rd.length : 0;
      if (rowEnd > 0) {
        if (rd === undefined && c === '\r') this.#pendingCR = true;
        this.#endField();
        rows.push(this.#row);
        this.#row = [];
        this.#started = false;
        i += rowEnd;
        continue;
      }
      if (c === q && q !== '' && this.#field === '' && !this.#quoted) {
        this.#inQuotes = true;
        this.#quoted = true;
        this.#started = true;
        i++;
        continue;
      }
      let j = i + 1;
      while (j < n) {
        const d = text[j];
        if (d === cd[0] || d === '\n' || d === '\r' || (rd !== undefined && d === rd[0])) break;
        j++;
      }
      this.#field += text.slice(i, j);
      this.#started = true;
      i = j;
    }
    return rows;
  }

  /** End of input: the last row if it did not end with a row delimiter. */
  finish(): Field[][] {
    if (!this.#started && this.#row.length === 0 && this.#field === '') return [];
    this.#endField();
    const row = this.#row;
    this.#row = [];
    return [row];
  }

  #endField(): void {
    const v = this.#field;
    this.#row.push(!this.#quoted && v === this.s.nullValue ? null : v);
    this.#field = '';
    this.#quoted = false;
    this.#started = true;
  }
}

/** Format one row as a line (row delimiter included). */
export function formatRow(values: readonly unknown[], s: DelimitedSettings): string {
  const out: string[] = [];
  for (const v of values) out.push(formatField(v, s));
  return out.join(s.columnDelimiter) + (s.rowDelimiter ?? '\r\n');
}

function formatField(v: unknown, s: DelimitedSettings): string {
  if (v === null || v === undefined) return s.nullValue;
  const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const q = s.quoteChar;
  if (q === '') return text;
  const needs =
    s.quoteAllText ||
    (text === '' && s.nullValue === '') ||
    text === s.nullValue ||
    text.includes(s.columnDelimiter) ||
    text.includes(q) ||
    text.includes('\n') ||
    text.includes('\r') ||
    (s.escapeChar !== '' && text.includes(s.escapeChar)) ||
    (s.rowDelimiter !== undefined && text.includes(s.rowDelimiter));
  if (!needs) return text;
  const e = s.escapeChar === '' ? q : s.escapeChar;
  let body = '';
  for (const c of text) body += c === q || (c === e && e !== q) ? e + c : c;
  return q + body + q;
}
