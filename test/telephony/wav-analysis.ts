/**
 * Reads a PCM WAV recording (the FreeSWITCH double's or a real FreeSWITCH's) and measures what is in
 * it: duration, and how strongly a tone is present on a channel over a stretch of time (Goertzel).
 * Tests use it to check a recording is not just a file but holds both parties of the call.
 */
import { readFileSync } from 'node:fs';

export interface Wav {
  sampleRate: number;
  channels: number;
  /** Samples per channel, as -1..1. */
  data: Float32Array[];
  durationMs: number;
}

export function readWav(path: string): Wav {
  const buf = readFileSync(path);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${path} is not a WAV file`);
  let offset = 12;
  let fmt: { channels: number; sampleRate: number; bits: number; format: number } | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    let size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${path}: data before fmt`);
      if (fmt.format !== 1 || fmt.bits !== 16) throw new Error(`${path}: only 16-bit PCM is read (format ${fmt.format}, ${fmt.bits} bits)`);
      // A file still being written may declare 0 or a size past its end.
      if (size === 0 || body + size > buf.length) size = buf.length - body;
      const frames = Math.floor(size / (2 * fmt.channels));
      const data = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < fmt.channels; c++) (data[c] as Float32Array)[i] = buf.readInt16LE(body + (i * fmt.channels + c) * 2) / 32768;
      }
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, data, durationMs: (frames / fmt.sampleRate) * 1000 };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Amplitude (0..1) of `freq` on `channel` between `fromMs` and `toMs` (default: the whole file). */
export function toneLevel(wav: Wav, channel: number, freq: number, fromMs = 0, toMs = wav.durationMs): number {
  const x = wav.data[channel];
  if (!x) throw new Error(`no channel ${channel}`);
  const start = Math.max(0, Math.floor((fromMs / 1000) * wav.sampleRate));
  const end = Math.min(x.length, Math.floor((toMs / 1000) * wav.sampleRate));
  const n = end - start;
  if (n <= 0) return 0;
  const w = (2 * Math.PI * freq) / wav.sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    const s0 = (x[i] as number) + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return (2 * Math.sqrt(Math.max(0, power))) / n;
}
