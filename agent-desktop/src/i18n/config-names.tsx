/**
 * What the centre's configuration names — desks, dialled numbers, regions, surge presets — in the UI
 * language: the configured `names[lang]`, else the Chinese name (see bridge/config/local-name.ts). The
 * desktop shell provides the lists from the hub's snapshot; a component rendered without them (a unit
 * test) gets the fallback it passes in.
 */
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskOption, LineOption, LocalNames, PresetOption, RegionOption } from '../api/types.js';
import { configLanguageOf } from './i18n.js';

export interface ConfigNameLists {
  desks: readonly DeskOption[];
  presets: readonly PresetOption[];
  lines: readonly LineOption[];
  regions: readonly RegionOption[];
}

const EMPTY: ConfigNameLists = { desks: [], presets: [], lines: [], regions: [] };
const Lists = createContext<ConfigNameLists>(EMPTY);

export function ConfigNamesProvider({ value, children }: { value: ConfigNameLists; children: ReactNode }) {
  return <Lists.Provider value={value}>{children}</Lists.Provider>;
}

/** A configured entity's name in a UI language (`zh-CN`, `en`, `ug`, `kk`), the Chinese name otherwise. */
export function pickName(item: { name: string; names?: LocalNames } | undefined, uiLanguage: string): string | undefined {
  if (!item) return undefined;
  const own = item.names?.[configLanguageOf(uiLanguage)];
  return own && own.trim() ? own : item.names?.zh || item.name;
}

export interface ConfigNames {
  desk(id: string, fallback?: string): string;
  preset(id: string, fallback?: string): string;
  /** A dialled number's line name ("12333 人社服务热线"). */
  line(did: string, fallback?: string): string;
  region(areaCode: string, fallback?: string): string;
  /** Desk id → name, for components that take a map. */
  deskMap: Record<string, string>;
}

export function useConfigNames(): ConfigNames {
  const lists = useContext(Lists);
  const { i18n } = useTranslation();
  const lng = i18n.language;
  const find = useCallback(
    <T extends { name: string; names?: LocalNames }>(list: readonly T[], match: (x: T) => boolean, fallback: string) => pickName(list.find(match), lng) ?? fallback,
    [lng],
  );
  return useMemo(
    () => ({
      desk: (id, fallback) => find(lists.desks, (d) => d.id === id, fallback ?? id),
      preset: (id, fallback) => find(lists.presets, (p) => p.id === id, fallback ?? id),
      line: (did, fallback) => find(lists.lines, (l) => l.did === did, fallback ?? did),
      region: (areaCode, fallback) => find(lists.regions, (r) => r.areaCode === areaCode, fallback ?? areaCode),
      deskMap: Object.fromEntries(lists.desks.map((d) => [d.id, pickName(d, lng) ?? d.id])),
    }),
    [find, lists, lng],
  );
}
