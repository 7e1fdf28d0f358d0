/** The agent view's keyboard shortcuts; the help panel lists exactly these. */
export const AGENT_SHORTCUTS = [
  { chord: 'ctrl+shift+a', keys: 'Ctrl+Shift+A', action: 'accept' },
  { chord: 'ctrl+shift+r', keys: 'Ctrl+Shift+R', action: 'reject' },
  { chord: 'ctrl+shift+h', keys: 'Ctrl+Shift+H', action: 'hold' },
  { chord: 'ctrl+shift+e', keys: 'Ctrl+Shift+E', action: 'hangup' },
  { chord: 'ctrl+shift+t', keys: 'Ctrl+Shift+T', action: 'transfer' },
  { chord: 'ctrl+shift+k', keys: 'Ctrl+Shift+K', action: 'conference' },
  { chord: 'ctrl+shift+y', keys: 'Ctrl+Shift+Y', action: 'available' },
  { chord: 'ctrl+shift+b', keys: 'Ctrl+Shift+B', action: 'notReady' },
  { chord: 'ctrl+shift+enter', keys: 'Ctrl+Shift+Enter', action: 'wrapUp' },
  { chord: '?', keys: '?', action: 'help' },
] as const;

export type ShortcutAction = (typeof AGENT_SHORTCUTS)[number]['action'];
