/**
 * Markdown pieces of the plan comment, and the size budget: a pull-request comment has a hard limit (GitHub:
 * 65,536 characters), so the comment is built in order of importance and what does not fit is left out, with a
 * note that says what was left out and how to see all of it.
 */

/** Characters kept free for the note that lists what was left out. */
const NOTE_RESERVE = 1_800;
/** Names listed in the note at most (the rest are counted). */
const NOTE_NAMES = 10;
/** A details block is shown in part only when at least this much room is left for it. */
const MIN_PARTIAL = 1_000;

export interface Section {
  /** What its rows are, for the note ('rows of the table of changes'). */
  title: string;
  head: string[];
  rows: { name: string; text: string }[];
  blocks: { name: string; head: string[]; lines: string[]; tail: string[] }[];
}

/** Escape what Markdown would read as markup in running text (names, reasons). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<|~#]/g, (c) => (c === '<' ? '&lt;' : `\\${c}`));
}

/** A table cell: markup escaped, one line. */
export function cell(text: string): string {
  return escapeMarkdown(text).replace(/\n/g, ' ');
}

/** A code span that survives backticks and pipes in the text (table cells). */
export function code(text: string): string {
  const flat = text.replace(/\n/g, ' ').replace(/\|/g, '\\|');
  const fence = text.includes('`') ? '``' : '`';
  return fence.length > 1 ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}`;

/** Join `head` and the sections, leaving out what does not fit in `budget` characters (0: no limit). */
export function fitToBudget(head: string[], sections: Section[], budget: number): string {
  const limit = budget > 0 ? budget - NOTE_RESERVE : Number.POSITIVE_INFINITY;
  const out: string[] = [...head];
  let used = head.join('\n').length + 1;
  const fits = (lines: string[]) => used + lines.join('\n').length + 1 <= limit;
  const take = (lines: string[]) => {
    out.push(...lines);
    used += lines.join('\n').length + 1;
  };
  const omitted: string[] = [];
  const omittedNames: string[] = [];
  let full = false;
  for (const s of sections) {
    if (s.rows.length > 0) {
      let shown = 0;
      if (!full && fits([...s.head, s.rows[0].text])) {
        take(s.head);
        for (const row of s.rows) {
          if (!fits([row.text])) break;
          take([row.text]);
          shown++;
        }
        take(['']);
      }
      if (shown < s.rows.length) {
        full = true;
        omitted.push(count(s.rows.length - shown, s.title));
      }
    }
    for (const b of s.blocks) {
      const whole = [...b.head, ...b.lines, ...b.tail];
      if (!full && fits(whole)) {
        take(whole);
        continue;
      }
      if (!full && limit - used >= MIN_PARTIAL) {
        const kept: string[] = [];
        const more = (n: number) => `… ${count(n, 'more lines')} left out (budget)`;
        for (const l of b.lines) {
          if (!fits([...b.head, ...kept, l, more(b.lines.length), ...b.tail])) break;
          kept.push(l);
        }
        take([...b.head, ...kept, more(b.lines.length - kept.length), ...b.tail]);
        omitted.push(`part of the details of ${code(b.name)}`);
      } else omittedNames.push(b.name);
      full = true;
    }
  }
  if (omittedNames.length > 0) {
    const names = omittedNames.slice(0, NOTE_NAMES).map((n) => code(n.length > 100 ? `${n.slice(0, 99)}…` : n));
    const rest = omittedNames.length - names.length;
    omitted.push(
      `the details of ${count(omittedNames.length, 'resources')} (${names.join(', ')}${rest > 0 ? `, and ${rest} more` : ''})`,
    );
  }
  if (omitted.length > 0) {
    out.push(
      '> [!NOTE]',
      `> **Shortened to fit ${count(budget, 'characters')}.** Left out: ${omitted.join('; ')}.`,
      '> The whole plan: save it with `adf-deploy plan --out plan.json` and print it with `adf-deploy show plan.json`, or render the comment with `--markdown-budget 0` (no limit).',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
