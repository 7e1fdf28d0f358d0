/**
 * Why a waiting group is not being served, in the lead's words: the reason first, then what the next
 * widening step brings ("at 0:30 widening: 4 Mandarin seats on any desk, 3 free now") and how soon.
 */
import { useTranslation } from 'react-i18next';
import type { WhyWaiting } from '../../api/types.js';
import { formatDuration } from '../../lib/format.js';

const NEXT_KEY = { 'any-desk': 'whyWaiting.nextAnyDesk', interpreter: 'whyWaiting.nextInterpreter', 'any-seat': 'whyWaiting.nextAnySeat' } as const;

/** `language` and `desk`: the waiting group's; `at`: the wallboard's time (for "in 12 s"). */
export function WhyWaitingText({ why, language, desk: groupDesk, at, deskNames = {} }: {
  why: WhyWaiting;
  language: string;
  desk: string;
  at: number;
  deskNames?: Record<string, string>;
}) {
  const { t } = useTranslation();
  const lang = t(`lang.${language}`);
  const desk = (id: string) => deskNames[id] ?? id;
  const r = why.reason;
  const reason = (() => {
    switch (r.kind) {
      case 'desk-closed':
        return t('whyWaiting.deskClosed', { desk: desk(groupDesk), fallback: desk(r.fallbackDesk) });
      case 'widening':
        return t('whyWaiting.widening', { at: formatDuration(why.next?.afterSeconds ?? 0) });
      case 'all-busy':
        return r.notReady > 0 ? t('whyWaiting.allBusyOrBreak', { busy: r.busy, notReady: r.notReady }) : t('whyWaiting.allBusy', { count: r.busy });
      case 'no-speaker':
        return r.configured === 0
          ? t('whyWaiting.noSpeakerAtAll', { language: t(`lang.${r.language}`) })
          : t('whyWaiting.noSpeakerLoggedIn', { language: t(`lang.${r.language}`), count: r.configured });
      case 'no-seat':
        return t('whyWaiting.noSeat');
    }
  })();
  const next = why.next;
  return (
    <div className="why-waiting" data-testid="wb-why" data-reason={r.kind}>
      <span className="why-reason">{reason}</span>
      {next && (
        <span className="why-next muted" data-testid="wb-why-next">
          {' · '}
          {t(NEXT_KEY[next.widen], { at: formatDuration(next.afterSeconds), language: lang, count: next.seats, free: next.free })}
          {next.at > at && t('whyWaiting.nextIn', { seconds: Math.ceil((next.at - at) / 1000) })}
        </span>
      )}
      {why.handedOverFrom.length > 0 && (
        <span className="why-handed muted">
          {' · '}
          {t('whyWaiting.handedOver', { desks: why.handedOverFrom.map(desk).join('、') })}
        </span>
      )}
    </div>
  );
}

