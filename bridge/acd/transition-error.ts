/** Thrown when a seat or call state machine is asked for a move its table does not allow. */
export class InvalidTransitionError extends Error {
  constructor(
    public readonly machine: 'seat' | 'call',
    public readonly from: string,
    public readonly to: string,
    public readonly subject?: string,
  ) {
    super(`invalid ${machine} transition ${from} → ${to}${subject ? ` (${subject})` : ''}`);
    this.name = 'InvalidTransitionError';
  }
}
