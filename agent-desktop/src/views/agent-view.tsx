/**
 * The agent's screen: home-mode banner, state bar, then whichever matters now — the ringing offer with
 * its pop, the live call beside its pop, the wrap-up, or a quiet "waiting for calls".
 */
import { useState } from 'react';
import { Alert, Empty } from 'antd';
import { DisconnectOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AgentCommands } from '../api/commands.js';
import type { SeatStateName } from '../api/types.js';
import { CallControls } from '../components/call-controls/call-controls.js';
import { HomeModeBanner } from '../components/centre-mode/home-mode-banner.js';
import { OfferAlert } from '../components/offer-alert/offer-alert.js';
import { ScreenPopCard } from '../components/screen-pop/screen-pop.js';
import { ShortcutsHelp } from '../components/shortcuts-help/shortcuts-help.js';
import { StateBar } from '../components/state-bar/state-bar.js';
import { suggestedDisposition, WrapUpForm } from '../components/wrap-up/wrap-up-form.js';
import { useCommand } from '../hooks/use-command/use-command.js';
import { useShortcuts } from '../hooks/use-shortcuts/use-shortcuts.js';
import type { DesktopState } from '../state/desktop-state.js';
import { SupervisedBanner } from '../components/supervision/supervised-banner.js';
import { useConfigNames } from '../i18n/config-names.js';

/** Focus a field by id; for a radio group (the id sits on its wrapper), its chosen option. */
function focusById(id: string) {
  const el = document.getElementById(id);
  const target = el && !el.matches('input, textarea, select, button') ? (el.querySelector<HTMLElement>('input:checked, input, button') ?? el) : el;
  target?.focus();
}

export function AgentView({ state, commands, silent }: { state: DesktopState; commands: AgentCommands; silent?: boolean }) {
  const { t } = useTranslation();
  const { busy: sending, run: send } = useCommand();
  // While disconnected no command can reach the bridge: controls are disabled and shortcuts do nothing.
  const offline = state.connection !== 'connected';
  const busy = sending || offline;
  const run = (fn: () => Promise<unknown>) => {
    if (!offline) send(fn);
  };
  const [help, setHelp] = useState(false);
  const seat = state.seat;
  const seatState = seat?.state as SeatStateName | undefined;
  const names = useConfigNames();
  const deskNames = names.deskMap;
  const offer = state.offer;
  const call = state.call;
  const live = call && seatState === 'on-call' && (call.state === 'connected' || call.state === 'held') ? call : undefined;
  const wrapping = seatState === 'wrap-up';
  const pop = offer?.pop ?? (live ? state.pops[live.id] : undefined) ?? (wrapping ? state.pops[seat?.callId ?? call?.id ?? ''] : undefined);

  useShortcuts({
    'ctrl+shift+a': offer ? () => run(() => commands.accept(offer.callId)) : undefined,
    'ctrl+shift+r': offer ? () => run(() => commands.reject(offer.callId)) : undefined,
    'ctrl+shift+h': live ? () => run(() => (live.state === 'held' ? commands.resume(live.id) : commands.hold(live.id))) : undefined,
    'ctrl+shift+e': live ? () => run(() => commands.hangup(live.id)) : undefined,
    'ctrl+shift+t': live ? () => focusById('transfer-kind') : undefined,
    'ctrl+shift+k': live ? () => focusById('conference-number') : undefined,
    'ctrl+shift+y': () => run(() => commands.setAvailable()),
    'ctrl+shift+b': () => run(() => commands.setNotReady('break')),
    'ctrl+shift+enter': wrapping ? () => (document.getElementById('wrap-up') as HTMLFormElement | null)?.requestSubmit() : undefined,
    '?': () => setHelp((h) => !h),
  });

  if (!seat) return <Empty description={t('app.reconnecting')} />;

  return (
    <div className="agent-view" data-testid="agent-view">
      {offline && (
        <Alert
          type="error"
          showIcon
          icon={<DisconnectOutlined />}
          role="alert"
          className="connection-lost"
          data-testid="connection-lost"
          message={t('desk.offlineTitle')}
          description={t('desk.offlineBody')}
        />
      )}
      <HomeModeBanner contactMode={seat.contactMode} overridden={seat.modeOverride === 'home' && state.centre.mode !== 'home'} />
      <SupervisedBanner supervised={state.supervised} callId={seat.callId} />
      <StateBar
        seat={seat}
        centreMode={state.centre.mode}
        presetName={state.centre.preset ? names.preset(state.centre.preset) : state.centre.preset}
        reasons={state.notReadyReasons}
        onAvailable={() => run(() => commands.setAvailable())}
        onNotReady={(r) => run(() => commands.setNotReady(r))}
        busy={busy}
      />
      <div className="sr-only" role="status" aria-live="assertive" aria-atomic="true" data-testid="offer-announcer">
        {state.announcement}
      </div>
      <main className="agent-main">
        {offer ? (
          <OfferAlert
            key={offer.offerId}
            pop={offer.pop}
            receivedAt={offer.receivedAt}
            ringTimeoutMs={offer.ringTimeoutMs}
            deskNames={deskNames}
            onAccept={() => run(() => commands.accept(offer.callId))}
            onReject={() => run(() => commands.reject(offer.callId))}
            busy={busy}
            silent={silent}
          />
        ) : live ? (
          <div className="call-layout">
            <CallControls
              call={live}
              desks={state.desks}
              busy={busy}
              onHold={() => run(() => commands.hold(live.id))}
              onResume={() => run(() => commands.resume(live.id))}
              onHangup={() => run(() => commands.hangup(live.id))}
              onTransfer={(to) => run(() => commands.transfer(live.id, to))}
              onConference={(n) => run(() => commands.conference(live.id, n))}
              onDropThirdParty={() => run(() => commands.dropThirdParty(live.id))}
              onCorrectLanguage={(l) => run(() => commands.correctLanguage(live.id, l))}
            />
            {pop && <ScreenPopCard pop={pop} deskNames={deskNames} answered />}
          </div>
        ) : wrapping ? (
          <div className="call-layout">
            <WrapUpForm
              key={seat.callId ?? 'wrap'}
              wrapUpEndsAt={seat.wrapUpEndsAt}
              busy={busy}
              defaultDisposition={suggestedDisposition(call, seat.id)}
              onSubmit={(input) => run(() => commands.completeWrapUp(input))}
              onDraft={(draft) => void commands.saveWrapUpDraft(draft).catch(() => undefined)}
            />
            {pop && <ScreenPopCard pop={pop} deskNames={deskNames} answered />}
          </div>
        ) : (
          <div className="idle" data-testid="agent-idle">
            <Empty description={seatState === 'available' ? t('agentIdle.waiting') : t('agentIdle.notReady')} />
            <p className="muted">{t('app.helpHint')}</p>
          </div>
        )}
      </main>
      <ShortcutsHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
