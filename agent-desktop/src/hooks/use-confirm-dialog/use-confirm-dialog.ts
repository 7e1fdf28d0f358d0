import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorSentence } from '../../i18n/error-text.js';

/**
 * The state of a lead's confirm dialog: open/closed, a saving flag (confirm disables, no double
 * submits) and the bridge's refusal shown inside the dialog, which then stays open so the lead can fix
 * the input. `submit` closes the dialog only when the command succeeded.
 */
export function useConfirmDialog(): {
  open: boolean;
  saving: boolean;
  error: string | null;
  show: () => void;
  hide: () => void;
  setError: (e: string | null) => void;
  submit: (run: () => Promise<unknown>) => void;
} {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const show = useCallback(() => {
    setError(null);
    setOpen(true);
  }, []);
  const hide = useCallback(() => setOpen(false), []);
  const submit = useCallback((run: () => Promise<unknown>) => {
    setSaving(true);
    setError(null);
    run().then(
      () => {
        setSaving(false);
        setOpen(false);
      },
      (e: unknown) => {
        setSaving(false);
        setError(errorSentence(t, e));
      },
    );
  }, [t]);
  return { open, saving, error, show, hide, setError, submit };
}
