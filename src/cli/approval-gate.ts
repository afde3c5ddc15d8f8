/**
 * One question for several projects (`apply A B C` on a terminal): each project plans on its own and, when it has
 * changes, waits here instead of asking. Once every project has either finished (no changes, or failed) or is
 * waiting, `ask` is called once with the waiting ones; its answer goes to all of them. Asked at most once.
 */
export class ApprovalGate {
  private readonly waiting = new Map<number, (yes: boolean) => void>();
  private readonly finishedIds = new Set<number>();
  private asked = false;

  constructor(
    private readonly total: number,
    private readonly ask: (waiting: number[]) => Promise<boolean>,
  ) {}

  /** Project `i` is done (or never started): it will not ask. */
  finished(i: number): void {
    this.finishedIds.add(i);
    this.check();
  }

  /** Project `i` has changes: resolves with the one answer. */
  wait(i: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiting.set(i, resolve);
      this.check();
    });
  }

  private check(): void {
    if (this.asked || this.waiting.size === 0) return;
    const accounted = new Set([...this.waiting.keys(), ...this.finishedIds]).size;
    if (accounted < this.total) return;
    this.asked = true;
    const ids = [...this.waiting.keys()].sort((a, b) => a - b);
    void this.ask(ids)
      .catch(() => false)
      .then((yes) => {
        for (const id of ids) this.waiting.get(id)?.(yes);
      });
  }
}
