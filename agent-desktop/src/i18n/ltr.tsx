import type { ReactNode } from 'react';

/**
 * Numbers, times, durations and phone numbers stay left to right inside a right-to-left sentence
 * ("0906-1234567" must not become "1234567-0906"): an isolated LTR run, harmless in LTR languages.
 */
export function Ltr({ children, className, testId }: { children: ReactNode; className?: string; testId?: string }) {
  return (
    <bdi dir="ltr" className={className ? `ltr ${className}` : 'ltr'} data-testid={testId}>
      {children}
    </bdi>
  );
}
