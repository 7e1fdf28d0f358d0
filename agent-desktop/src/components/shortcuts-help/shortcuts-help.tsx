import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { AGENT_SHORTCUTS } from './shortcuts.js';

/** The `?` panel: every shortcut the agent view answers to. */
export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('shortcuts.title')} data-testid="shortcuts-help">
      <table className="compact-table" data-testid="shortcuts-table">
        <tbody>
          {AGENT_SHORTCUTS.map((s) => (
            <tr key={s.chord}>
              <th scope="row">
                <kbd>{s.keys}</kbd>
              </th>
              <td>{t(`shortcuts.${s.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
