/** Surge presets (typhoon): fold specialty desks into the general pool, keep emergency reserved, shorter wrap-up. */
import type { AcdSurge } from '../acd/acd-types.js';
import type { SurgePreset } from '../config/schema.js';

export class UnknownPresetError extends Error {
  constructor(public readonly presetId: string) {
    super(`unknown surge preset "${presetId}"`);
    this.name = 'UnknownPresetError';
  }
}

export function resolvePreset(presets: readonly SurgePreset[], id: string): AcdSurge {
  const p = presets.find((x) => x.id === id);
  if (!p) throw new UnknownPresetError(id);
  return { id: p.id, foldDesks: [...p.foldDesks], intoDesk: p.intoDesk, reserveDesks: [...p.reserveDesks], wrapUpSeconds: p.wrapUpSeconds };
}
