import { useCallback, useState } from 'react';

/** An Error's message, or the thing itself as text. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

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
        setError(errorText(e));
      },
    );
  }, []);
  return { open, saving, error, show, hide, setError, submit };
}
