/** First import of main.tsx: <style> tags created by any library get the page's CSP nonce (see lib/csp-nonce.ts). */
import { installStyleNonce } from './lib/csp-nonce.js';

installStyleNonce();
