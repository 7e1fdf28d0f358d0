import { useNow } from '../use-now/use-now.js';

/** Whole seconds left until `endsAt` (epoch ms), never negative; undefined when there is no deadline. */
export function useCountdown(endsAt: number | undefined): number | undefined {
  const now = useNow(endsAt !== undefined);
  if (endsAt === undefined) return undefined;
  return Math.max(0, Math.ceil((endsAt - now) / 1000));
}

/** Whole seconds since `since` (epoch ms); undefined when not started. */
export function useElapsed(since: number | undefined): number | undefined {
  const now = useNow(since !== undefined);
  if (since === undefined) return undefined;
  return Math.max(0, Math.floor((now - since) / 1000));
}
