import { useEffect, useState } from 'react';

/**
 * The current time, re-read every `intervalMs` while `active`. Timers (wrap-up countdown, talk time,
 * wait time) derive from it instead of counting ticks, so a throttled background tab never drifts.
 */
export function useNow(active = true, intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return now;
}
