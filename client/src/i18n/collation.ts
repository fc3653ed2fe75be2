/** Chinese names in the order people expect (pinyin, numbers by value: A2 before A10), as the server sorts. */
export const chineseOrder = new Intl.Collator('zh-CN', { numeric: true });
