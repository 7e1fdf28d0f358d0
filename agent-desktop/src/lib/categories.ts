import { zhCN } from '../i18n/zh-cn.js';

/** The 12345 work-order categories the desktop offers at wrap-up (ids; names come from i18n). */
export const CATEGORY_IDS: readonly string[] = Object.keys(zhCN.category);
