import { Injectable } from '@nestjs/common';

/**
 * Messages handled by this instance, by message type (`ADT^A04`) and ACK code (`AA`, `AE`,
 * `AR`, or `DUP` for a re-sent message answered with its stored ACK), plus dead letters.
 * Counters only: no control ids, no patient data.
 */
@Injectable()
export class Hl7Counts {
  private readonly byTypeAndCode = new Map<string, number>();
  private deadLetters = 0;

  count(type: string, code: string): void {
    const key = `${type} ${code}`;
    this.byTypeAndCode.set(key, (this.byTypeAndCode.get(key) ?? 0) + 1);
  }

  deadLetter(): void {
    this.deadLetters += 1;
  }

  snapshot(): { messages: { type: string; ack: string; count: number }[]; deadLetters: number } {
    const messages = [...this.byTypeAndCode.entries()]
      .map(([key, count]) => {
        const [type = '', ack = ''] = key.split(' ');
        return { type, ack, count };
      })
      .sort((a, b) => a.type.localeCompare(b.type) || a.ack.localeCompare(b.ack));
    return { messages, deadLetters: this.deadLetters };
  }
}
