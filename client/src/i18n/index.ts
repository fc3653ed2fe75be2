import { createI18n } from 'vue-i18n';
import { messages } from './messages.js';

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem('podium.locale') ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
  datetimeFormats: {
    'zh-CN': { time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } },
    en: { time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } },
  },
});

export function toggleLocale(): void {
  const next = i18n.global.locale.value === 'zh-CN' ? 'en' : 'zh-CN';
  i18n.global.locale.value = next;
  localStorage.setItem('podium.locale', next);
  document.documentElement.lang = next;
}

/** A server refusal in the user's language: by its stable code, else the server's own words. */
export function errorText(error: { code?: string; message: string }): string {
  const key = `errors.${error.code}`;
  return error.code && i18n.global.te(key) ? i18n.global.t(key) : error.message;
}
