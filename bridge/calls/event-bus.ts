/** Ordered, synchronous fan-out of CallCenterEvents; a failing listener is logged and never stops the others. */
import type { Logger } from 'pino';
import type { CallCenterEvent } from './call-center-api.js';

export class CallEventBus {
  private readonly listeners = new Set<(e: CallCenterEvent) => void>();

  constructor(private readonly logger: Logger) {}

  on(listener: (e: CallCenterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: CallCenterEvent): void {
    if (this.held) {
      this.held.push(e);
      return;
    }
    this.deliver(e);
  }

  /**
   * Runs `fn` with the events it emits held back, then delivers them in order. The call centre runs
   * each batch of ACD decisions this way, so the telephony commands among them (an offer's INVITE to
   * the seat) leave before the listeners (store, desktops, wallboard) do their bookkeeping for the
   * batch. Nested holds deliver once, when the outermost ends; events a listener emits while the
   * batch is delivered go out at once, as before.
   */
  hold<T>(fn: () => T): T {
    if (this.held) return fn();
    const held: CallCenterEvent[] = [];
    this.held = held;
    try {
      return fn();
    } finally {
      this.held = undefined;
      for (const e of held) this.deliver(e);
    }
  }

  private held: CallCenterEvent[] | undefined;

  private deliver(e: CallCenterEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.logger.error({ err, event: e.type }, 'call-centre listener failed');
      }
    }
  }
}
