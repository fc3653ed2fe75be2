import 'element-plus/es/components/message/style/css';
import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { errorText, fieldErrors } from '../i18n/index.js';
import { RequestError } from './api.js';

/**
 * One control's calls to the server: its refusal is kept here, to be shown beside that control
 * (with each named field beside its form item), and cleared by the next action; a success says so.
 */
export function useAction() {
  const error = ref('');
  const fields = ref<Record<string, string>>({});
  const busy = ref(false);

  async function run<T>(work: () => Promise<T>, done?: string | ((result: T) => string)): Promise<T | null> {
    clear();
    busy.value = true;
    try {
      const result = await work();
      const said = typeof done === 'function' ? done(result) : done;
      if (said) ElMessage({ type: 'success', message: said, grouping: true });
      return result;
    } catch (e) {
      if (e instanceof RequestError) {
        error.value = errorText(e);
        fields.value = fieldErrors(e);
      } else error.value = e instanceof Error ? e.message : String(e);
      return null;
    } finally {
      busy.value = false;
    }
  }

  function clear(): void {
    error.value = '';
    fields.value = {};
  }

  return { error, fields, busy, run, clear };
}
export type Action = ReturnType<typeof useAction>;
