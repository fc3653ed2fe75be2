import { createI18n } from 'vue-i18n';
import { messages } from './messages.js';

export const i18n = createI18n({
  legacy: false,
  locale: localStorage.getItem('podium.locale') ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
  datetimeFormats: {
    'zh-CN': {
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
      long: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false },
    },
    en: {
      time: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
      long: { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false },
    },
  },
});

export function toggleLocale(): void {
  const next = i18n.global.locale.value === 'zh-CN' ? 'en' : 'zh-CN';
  i18n.global.locale.value = next;
  localStorage.setItem('podium.locale', next);
  document.documentElement.lang = next;
}

/** A server refusal in the user's language: by its stable code, else the server's own words. */
export function errorText(error: { code?: string; message: string; roles?: string[] }): string {
  const key = `errors.${error.code}`;
  // A reveal waiting for sign-offs names the roles (计分员, 复核员, 监督员) it waits for.
  const roles = (error.roles ?? [])
    .map((role) => i18n.global.t(`signoff.roles.${role}`))
    .join(i18n.global.locale.value === 'en' ? ', ' : '、');
  return error.code && i18n.global.te(key) ? i18n.global.t(key, { roles }) : error.message;
}

/**
 * The fields a refusal names, each with what is wrong in the user's language, by the field's last
 * part ("rule.rounding.decimals" is "decimals"): shown beside the form item of that name.
 */
export function fieldErrors(error: { fields?: { field: string; kinds: string[] }[] }): Record<string, string> {
  const found: Record<string, string> = {};
  for (const f of error.fields ?? []) {
    const name =
      f.field
        .split('.')
        .filter((part) => !/^\d+$/.test(part))
        .pop() ?? f.field;
    found[name] = f.kinds
      .map((kind) => i18n.global.t(i18n.global.te(`validation.${kind}`) ? `validation.${kind}` : 'validation.invalid'))
      .join(i18n.global.locale.value === 'en' ? '; ' : '；');
  }
  return found;
}

/** A problem of an imported workbook in the user's language, from its kind (see IMPORT_PROBLEM_KINDS). */
export function problemText(problem: { kind: string; params: Record<string, string | number> }): string {
  const global = i18n.global;
  if (problem.kind === 'refused') return errorText({ code: String(problem.params.code), message: global.t('validation.invalid') });
  if (problem.kind === 'invalid_field') {
    const key = `validation.${problem.params.kind}`;
    return global.t(global.te(key) ? key : 'validation.invalid');
  }
  return global.t(`importProblems.${problem.kind}`, problem.params);
}
