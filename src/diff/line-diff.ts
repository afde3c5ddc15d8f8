/**
 * A unified line diff (as `diff -u` prints it, without file headers): hunks of changed lines with `context`
 * unchanged lines around them. Used for data flow scripts, where a one-line edit must read as one line, not as
 * every following line shifted. Lines start with ' ', '-' or '+'; hunks with '@@ -a,b +c,d @@'.
 */
export function unifiedLineDiff(before: string[], after: string[], context = 3): string[] {
  const ops = diffOps(before, after);
  const out: string[] = [];
  // Indexes of changed ops, grouped into hunks whose context windows touch.
  const changed = ops.map((o, i) => (o.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  let h = 0;
  while (h < changed.length) {
    const start = Math.max(0, changed[h] - context);
    let end = changed[h];
    while (h + 1 < changed.length && changed[h + 1] - end <= 2 * context) end = changed[++h];
    end = Math.min(ops.length - 1, end + context);
    h++;
    const slice = ops.slice(start, end + 1);
    const oldStart = slice.find((o) => o.op !== '+')?.a ?? ops[start].a;
    const newStart = slice.find((o) => o.op !== '-')?.b ?? ops[start].b;
    const oldLen = slice.filter((o) => o.op !== '+').length;
    const newLen = slice.filter((o) => o.op !== '-').length;
    out.push(`@@ -${oldStart + 1},${oldLen} +${newStart + 1},${newLen} @@`);
    for (const o of slice) out.push(`${o.op}${o.text}`);
  }
  return out;
}

interface Op {
  op: ' ' | '-' | '+';
  text: string;
  /** Line index in before / after where this op sits. */
  a: number;
  b: number;
}

/** Largest table the LCS may build; beyond it the middle is shown as removed then added (still correct). */
const MAX_CELLS = 4_000_000;

function diffOps(before: string[], after: string[]): Op[] {
  let pre = 0;
  while (pre < before.length && pre < after.length && before[pre] === after[pre]) pre++;
  let suf = 0;
  while (
    suf < before.length - pre &&
    suf < after.length - pre &&
    before[before.length - 1 - suf] === after[after.length - 1 - suf]
  )
    suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ op: ' ', text: before[i], a: i, b: i });
  const a = before.slice(pre, before.length - suf);
  const b = after.slice(pre, after.length - suf);
  ops.push(...middleOps(a, b, pre));
  for (let i = 0; i < suf; i++) {
    const ai = before.length - suf + i;
    ops.push({ op: ' ', text: before[ai], a: ai, b: after.length - suf + i });
  }
  return ops;
}

function middleOps(a: string[], b: string[], offset: number): Op[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return [
      ...a.map((text, i) => ({ op: '-' as const, text, a: offset + i, b: offset })),
      ...b.map((text, j) => ({ op: '+' as const, text, a: offset + n, b: offset + j })),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[at(i, j)] = a[i] === b[j] ? lcs[at(i + 1, j + 1)] + 1 : Math.max(lcs[at(i + 1, j)], lcs[at(i, j + 1)]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', text: a[i], a: offset + i, b: offset + j });
      i++;
      j++;
    } else if (i < n && (j >= m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)])) {
      ops.push({ op: '-', text: a[i], a: offset + i, b: offset + j });
      i++;
    } else {
      ops.push({ op: '+', text: b[j], a: offset + i, b: offset + j });
      j++;
    }
  }
  return ops;
}
