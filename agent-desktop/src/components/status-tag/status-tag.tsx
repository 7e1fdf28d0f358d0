/**
 * A tag that never relies on colour alone: an icon and a word always come with the tone, and every tone
 * is dark enough for white text to pass WCAG AA contrast.
 */
import type { ReactNode } from 'react';
import { Tag } from 'antd';

export type Tone = 'ok' | 'warn' | 'danger' | 'info' | 'neutral' | 'home';

const TONE_COLOURS: Record<Tone, string> = {
  ok: '#237804',
  warn: '#ad4e00',
  danger: '#a8071a',
  info: '#0958d9',
  neutral: '#595959',
  home: '#531dab',
};

export function StatusTag(props: { tone: Tone; icon: ReactNode; children: ReactNode; testId?: string; title?: string }) {
  return (
    <Tag color={TONE_COLOURS[props.tone]} icon={props.icon} data-testid={props.testId} title={props.title} className="status-tag">
      {props.children}
    </Tag>
  );
}
