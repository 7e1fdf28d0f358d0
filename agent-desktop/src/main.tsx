import './style-nonce.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { applyDocumentLanguage, createI18n } from './i18n/i18n.js';
import './styles.css';

const i18n = createI18n();
applyDocumentLanguage(i18n.language);
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App i18n={i18n} />
    </StrictMode>,
  );
}
