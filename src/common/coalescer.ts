/**
 * Group commit for one kind of call: the calls made while one batch runs wait and then run
 * together as the next batch, so many callers share one round trip. `run` answers each input
 * in the order given.
 */
export class Coalescer<I, O> {
  private waiting: { input: I; resolve: (output: O) => void; reject: (error: unknown) => void }[] =
    [];
  private running = false;

  constructor(private readonly run: (inputs: I[]) => Promise<O[]>) {}

  call(input: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        const outputs = await this.run(batch.map((w) => w.input));
        batch.forEach((w, i) => w.resolve(outputs[i] as O));
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.running = false;
  }
}
