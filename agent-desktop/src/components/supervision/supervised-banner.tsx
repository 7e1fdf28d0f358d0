/**
 * On the agent's desktop: a shift lead is on this call. Shown only in the modes the centre setting
 * `supervision.agentSees` allows (the bridge sends nothing otherwise); by default whisper and barge.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SupervisedPayload } from '../../api/types.js';

export function SupervisedBanner({ supervised, callId }: { supervised: SupervisedPayload[]; callId: string | undefined }) {
  const { t } = useTranslation();
  const shown = supervised.filter((s) => s.active && s.callId === callId);
  if (!callId || shown.length === 0) return null;
  return (
    <div role="status" aria-live="polite" data-testid="supervised-banner">
      {shown.map((s) => (
        <Alert key={s.supervisionId} type="info" showIcon banner message={t(`supervision.banner.${s.mode}`, { name: s.leadName })} data-testid={`supervised-${s.mode}`} />
      ))}
    </div>
  );
}
