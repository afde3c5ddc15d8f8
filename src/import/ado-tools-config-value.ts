/**
 * Values of azure.datafactory.tools config rows. The tool passes each value through PowerShell's ExpandString, so
 * `$($Env:NAME)`, `${Env:NAME}` and `$Env:NAME` read an environment variable at deploy time: they become
 * `${{ env.NAME }}`. Any other `$(...)` expression or `$variable` only PowerShell can evaluate: the row is listed.
 */
export type ValueResult = { text: string; env: string[] } | { reason: string };

const ENV_FORMS = [
  /^\$\(\s*\$env:([A-Za-z_][A-Za-z0-9_]*)\s*\)/i,
  /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/i,
  /^\$env:([A-Za-z_][A-Za-z0-9_]*)/i,
];
const BACKTICK: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

export function translateValueText(raw: string): ValueResult {
  let text = '';
  const env: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '`' && i + 1 < raw.length) {
      const next = raw[++i];
      text += BACKTICK[next] ?? next;
      continue;
    }
    if (c !== '$') {
      text += c;
      continue;
    }
    const rest = raw.slice(i);
    const match = ENV_FORMS.map((re) => re.exec(rest)).find((m) => m);
    if (match) {
      text += `\${{ env.${match[1]} }}`;
      if (!env.includes(match[1])) env.push(match[1]);
      i += match[0].length - 1;
      continue;
    }
    if (rest.startsWith('$('))
      return {
        reason: `'${expressionAt(rest)}' is a PowerShell expression the tool evaluates at deploy time; write its result, or use \${{ env.NAME }}`,
      };
    if (/^\$[A-Za-z_{?]/.test(rest))
      return { reason: `'${/^\$\{?[A-Za-z0-9_?:]*\}?/.exec(rest)?.[0]}' is a PowerShell variable; write its value` };
    text += '$';
  }
  // No literal `${{` can reach here: PowerShell reads `${` as a variable, which is listed above.
  return { text, env };
}

function expressionAt(rest: string): string {
  let depth = 0;
  for (let i = 1; i < rest.length; i++) {
    if (rest[i] === '(') depth++;
    else if (rest[i] === ')' && --depth === 0) return rest.slice(0, i + 1);
  }
  return rest;
}

/**
 * The value typed the way the tool types an update: like the property it replaces (a number stays a number, a
 * mapping or list is parsed as JSON, single quotes allowed). An env placeholder is left as text.
 */
export function typeLike(existing: unknown, text: string): { value: unknown } | { reason: string } {
  if (typeof existing === 'string' || existing === undefined || existing === null || text.includes('${{'))
    return { value: text };
  if (text === '') return { reason: 'empty value for a property that is not a string (the tool fails: ADFT0031)' };
  if (typeof existing === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? { value: n } : { reason: 'the property is a number, the value is not' };
  }
  if (typeof existing === 'boolean') {
    const b = /^\$?(true|false)$/i.exec(text.trim());
    return b ? { value: b[1].toLowerCase() === 'true' } : { reason: `the property is a boolean, the value is not` };
  }
  const parsed = parseLooseJson(text);
  if (parsed === undefined) return { reason: 'the property is a mapping or list, the value is not JSON' };
  return { value: parsed };
}

/** JSON, or JSON written with single quotes (as the tool's docs show: "{'type': 'int32'}"). */
export function parseLooseJson(text: string): unknown {
  for (const candidate of [text, text.replaceAll("'", '"')]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}
