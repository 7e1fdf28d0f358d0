import { useEffect, useRef } from 'react';

/**
 * Keyboard shortcuts, e.g. `{ 'ctrl+shift+a': accept, '?': toggleHelp }`. Ctrl/Alt chords work even
 * while typing in a field (agents type notes during a call); bare keys such as `?` are ignored inside
 * inputs so they can still be typed.
 */
export type ShortcutMap = Record<string, (() => void) | undefined>;

export function chordOf(e: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'key'>): string {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key.toLowerCase();
  const parts: string[] = [];
  if (e.ctrlKey || e.metaKey) parts.push('ctrl');
  if (e.altKey) parts.push('alt');
  // '?' already implies shift on most layouts: keep the bare character as its name.
  if (e.shiftKey && (e.ctrlKey || e.metaKey || e.altKey)) parts.push('shift');
  parts.push(key);
  return parts.join('+');
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

export function useShortcuts(map: ShortcutMap): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const chord = chordOf(e);
      const handler = ref.current[chord];
      if (!handler) return;
      const isChord = chord.includes('+');
      if (!isChord && isTyping(e.target)) return;
      e.preventDefault();
      handler();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
