/**
 * Reading azure.datafactory.tools config files (its docs/GUIDE/CONFIGURATION.md): the CSV form, rows of
 * `type,name,path,value` under that header (`#` in the type column comments a row out, `""` escapes a quote
 * inside a quoted field), and the JSON form, `{ "<object name>": [ { name: <path>, value, action } ] }` where the
 * object's type is looked up by its name. Pure: the text in, rows or one problem out.
 */
export interface ConfigRow {
  /** 1-based line of the row in its file (the line of the object's key in the JSON form). */
  line: number;
  /** The type column (`linkedService`, `factory`...); undefined in the JSON form, which names objects only. */
  type?: string;
  name: string;
  /** The path as written, with its `+` / `-` prefix. */
  path: string;
  value: string;
}

export type ReadResult = { rows: ConfigRow[] } | { error: string; line: number; hint?: string };

const HEADER = ['type', 'name', 'path', 'value'];

/** Split CSV text into records of fields, keeping each record's first line (quoted fields may span lines). */
function csvRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (any || field !== '') out.push({ line: start, fields: [...fields, field] });
      fields = [];
      field = '';
      any = false;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || field !== '') out.push({ line: start, fields: [...fields, field] });
  return out;
}

/** Rows of a CSV config; comment rows and blank lines are skipped. */
export function readCsvConfig(text: string): ReadResult {
  const records = csvRecords(text.replace(/^\uFEFF/, ''));
  const header = records.shift();
  if (!header || header.fields.map((f) => f.trim().toLowerCase()).join(',') !== HEADER.join(','))
    return {
      error: `expected the header 'type,name,path,value', found '${header ? header.fields.join(',') : ''}'`,
      line: header?.line ?? 1,
      hint: 'azure.datafactory.tools CSV configs start with that header line',
    };
  const rows: ConfigRow[] = [];
  for (const r of records) {
    const [type = '', name = '', path = '', ...value] = r.fields;
    if (type.trim().startsWith('#')) continue;
    // An unquoted value may hold commas: PowerShell's Import-Csv would drop the extra columns; keeping them whole
    // is what the author meant, and the row is listed if it cannot be translated.
    rows.push({ line: r.line, type: type.trim(), name: name.trim(), path: path.trim(), value: value.join(',') });
  }
  return { rows };
}

/** Rows of a JSON config: one per action, in the file's order; the line is the object key's. */
export function readJsonConfig(text: string): ReadResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { error: `not valid JSON: ${(err as Error).message}`, line: 1 };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return { error: 'expected an object of object names, each with a list of { name, value, action }', line: 1 };
  const lines = text.split('\n');
  const lineOf = (key: string): number => {
    const i = lines.findIndex((l) => l.includes(JSON.stringify(key)));
    return i >= 0 ? i + 1 : 1;
  };
  const rows: ConfigRow[] = [];
  for (const [name, list] of Object.entries(json)) {
    const items = Array.isArray(list) ? list : [list];
    for (const item of items) {
      const line = lineOf(name);
      if (item === null || typeof item !== 'object' || typeof item.name !== 'string')
        return { error: `the entries of '${name}' must be { name, value, action } objects`, line };
      const action = typeof item.action === 'string' ? item.action.toLowerCase() : 'update';
      const prefix = action === 'add' ? '+' : action === 'remove' ? '-' : '';
      if (!['add', 'remove', 'update'].includes(action))
        return { error: `unknown action '${item.action}' under '${name}'`, line, hint: 'add, remove or update' };
      const value = item.value;
      rows.push({
        line,
        name,
        path: `${prefix}${item.name}`,
        value:
          value === undefined || value === null
            ? ''
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value),
      });
    }
  }
  return { rows };
}
