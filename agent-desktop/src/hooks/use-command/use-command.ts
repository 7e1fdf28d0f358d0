import { useCallback, useRef, useState } from 'react';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { notAnswered } from '../../api/hub-protocol.js';
import { errorSentence } from '../../i18n/error-text.js';

/**
 * Runs a hub command with a busy flag (buttons disable, no double-clicks) and shows its refusal to the
 * agent in the UI language. The bridge's state event, not the acknowledgement, moves the UI on.
 */
export function useCommand(): { busy: boolean; run: (fn: () => Promise<unknown>) => void } {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const run = useCallback(
    (fn: () => Promise<unknown>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      fn()
        .catch((e: unknown) => {
          const unanswered = notAnswered(e);
          if (unanswered) void message.error({ content: t(unanswered === 'disconnected' ? 'desk.commandDisconnected' : 'desk.commandUnconfirmed'), duration: 8 });
          else void message.error(t('app.commandFailed', { message: errorSentence(t, e) }));
        })
        .finally(() => {
          inFlight.current = false;
          setBusy(false);
        });
    },
    [message, t],
  );
  return { busy, run };
}
