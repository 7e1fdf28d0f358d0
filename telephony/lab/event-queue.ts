/**
 * Ordered, asynchronous delivery of telephony events: an event is delivered after the command (or
 * `placeCall`) that caused it has returned — as with a real switch, where events come off the wire
 * later — and all events keep one global order, so per-call order holds too. A listener that throws
 * is logged and does not keep the event from the others.
 */
import type { Logger } from 'pino';
import type { TelephonyEvent, TelephonyListener } from '../telephony-port.js';

export class EventQueue {
  private readonly listeners = new Set<TelephonyListener>();
  private readonly pending: TelephonyEvent[] = [];
  private scheduled = false;

  constructor(private readonly logger: Logger) {}

  on(listener: TelephonyListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: TelephonyEvent): void {
    this.pending.push(event);
    if (this.scheduled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => this.drain());
  }

  private drain(): void {
    this.scheduled = false;
    // Events emitted by listeners while draining join the end of this same queue.
    for (let event = this.pending.shift(); event; event = this.pending.shift()) {
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (err) {
          this.logger.error({ err, event: event.type }, 'telephony listener threw');
        }
      }
    }
  }
}
