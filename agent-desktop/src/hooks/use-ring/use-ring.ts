import { useEffect } from 'react';

/**
 * Rings while `active`: a 450 Hz tone (the Chinese ring tone frequency), 1 s on / 2 s off, made with
 * WebAudio so nothing is downloaded. Silently does nothing where WebAudio is missing (tests) or blocked.
 */
type AudioCtor = new () => AudioContext;

export function useRing(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const Ctor = (globalThis as { AudioContext?: AudioCtor; webkitAudioContext?: AudioCtor }).AudioContext ??
      (globalThis as { webkitAudioContext?: AudioCtor }).webkitAudioContext;
    if (!Ctor) return;
    let ctx: AudioContext;
    try {
      ctx = new Ctor();
    } catch {
      return;
    }
    const beep = () => {
      if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = 450;
      const t = ctx.currentTime;
      // Short ramps avoid clicks at the edges of the tone.
      gain.gain.setValueAtTime(0, t);
      gain.gain.linearRampToValueAtTime(0.2, t + 0.02);
      gain.gain.setValueAtTime(0.2, t + 0.98);
      gain.gain.linearRampToValueAtTime(0, t + 1);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 1);
    };
    beep();
    const id = setInterval(beep, 3000);
    return () => {
      clearInterval(id);
      void ctx.close().catch(() => undefined);
    };
  }, [active]);
}
