// Questions the host asks a webview (draw the diagram for an export), matched to their answers by id, with a
// deadline: a view that never answers (hidden, closed) leaves no promise hanging.
export class PendingReplies<T> {
  private nextId = 1;
  private readonly waiting = new Map<number, (value: T | undefined) => void>();

  /** Sends the question with a fresh id; resolves with the answer, or undefined after `timeoutMs`. */
  ask(send: (id: number) => void, timeoutMs: number): Promise<T | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answer(id, undefined), timeoutMs);
      this.waiting.set(id, (value) => {
        clearTimeout(timer);
        resolve(value);
      });
      send(id);
    });
  }

  answer(id: number, value: T | undefined): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    resolve?.(value);
  }

  dispose(): void {
    for (const id of [...this.waiting.keys()]) this.answer(id, undefined);
  }
}
