/**
 * The console's Element Plus parts, with their styles, in one place (the judge tablet and the big
 * screen never load them). Its own texts follow the user's language: zh-CN by default.
 */
import 'element-plus/es/components/alert/style/css';
import 'element-plus/es/components/button/style/css';
import 'element-plus/es/components/card/style/css';
import 'element-plus/es/components/checkbox/style/css';
import 'element-plus/es/components/checkbox-group/style/css';
import 'element-plus/es/components/config-provider/style/css';
import 'element-plus/es/components/date-picker/style/css';
import 'element-plus/es/components/dialog/style/css';
import 'element-plus/es/components/form/style/css';
import 'element-plus/es/components/form-item/style/css';
import 'element-plus/es/components/input/style/css';
import 'element-plus/es/components/input-number/style/css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/option/style/css';
import 'element-plus/es/components/popconfirm/style/css';
import 'element-plus/es/components/select/style/css';
import 'element-plus/es/components/switch/style/css';
import 'element-plus/es/components/tab-pane/style/css';
import 'element-plus/es/components/table/style/css';
import 'element-plus/es/components/table-column/style/css';
import 'element-plus/es/components/tabs/style/css';
import 'element-plus/es/components/tag/style/css';
import en from 'element-plus/es/locale/lang/en.mjs';
import zhCn from 'element-plus/es/locale/lang/zh-cn.mjs';
import { computed } from 'vue';
import { i18n } from '../i18n/index.js';

export {
  ElAlert,
  ElButton,
  ElCard,
  ElCheckbox,
  ElCheckboxGroup,
  ElConfigProvider,
  ElDatePicker,
  ElDialog,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElMessage,
  ElMessageBox,
  ElOption,
  ElPopconfirm,
  ElSelect,
  ElSwitch,
  ElTabPane,
  ElTable,
  ElTableColumn,
  ElTabs,
  ElTag,
} from 'element-plus';
export type { FormInstance, FormRules } from 'element-plus';

/** Element Plus's own words (buttons of its dialogs, empty tables) in the console's language. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? en : zhCn));

/**
 * What a table column's slot gets: Element Plus types every row as a loose record, which no DTO
 * can be assigned from; the row is the table's DTO (`T` names it for the reader and the handlers).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TableSlot<T> = { row: any; $index: number; rowType?: T };
