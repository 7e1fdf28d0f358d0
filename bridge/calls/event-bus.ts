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
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch (err) {
        this.logger.error({ err, event: e.type }, 'call-centre listener failed');
      }
    }
  }
}
