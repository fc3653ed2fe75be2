import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n } from '../i18n/index.js';
import OrganizersPanel from './OrganizersPanel.vue';

const admin = { id: 'a', username: 'admin', displayName: '管理员', role: 'admin', disabled: false };
const zhang = { id: 'z', username: 'zhang', displayName: '张三', role: 'organizer', disabled: false };

/** The server as the panel sees it: the list, and one answer to the disable or enable call. */
function server(answer: { status: number; body: unknown }) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: { method: string }) => {
      calls.push(`${init.method} ${path}`);
      const { status, body } = init.method === 'GET' ? { status: 200, body: [admin, zhang] } : answer;
      return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
  return calls;
}

async function render() {
  const panel = mount(OrganizersPanel, { props: { selfId: 'a' }, global: { plugins: [i18n] } });
  await flushPromises();
  return panel;
}

describe('OrganizersPanel', () => {
  beforeEach(() => {
    i18n.global.locale.value = 'zh-CN';
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('disables an account only after a confirmation that names it, and shows it disabled', async () => {
    const calls = server({ status: 200, body: { ...zhang, disabled: true } });
    const panel = await render();
    const row = () => panel.find('tr[data-username=zhang]');
    expect(row().find('[data-testid=status]').text()).toBe('正常');
    // The admin's own row has no button.
    expect(panel.find('tr[data-username=admin] [data-testid=toggle]').exists()).toBe(false);
    await row().find('[data-testid=toggle]').trigger('click');
    expect(panel.find('[data-testid=confirm-dialog]').text()).toContain('停用后 张三（zhang） 的所有会话立即结束，无法登录。');
    expect(calls).toEqual(['GET /api/organizers']);
    await panel.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(calls).toEqual(['GET /api/organizers', 'POST /api/organizers/z/disable']);
    expect(row().find('[data-testid=status]').text()).toBe('已停用');
    expect(row().find('[data-testid=toggle]').text()).toBe('启用');
  });

  it('shows a refusal next to the button, in the user’s language', async () => {
    server({ status: 409, body: { statusCode: 409, code: 'last_admin', message: 'the last enabled admin' } });
    i18n.global.locale.value = 'en';
    const panel = await render();
    await panel.find('tr[data-username=zhang] [data-testid=toggle]').trigger('click');
    await panel.find('[data-testid=confirm-action]').trigger('click');
    await flushPromises();
    expect(panel.find('tr[data-username=zhang] [data-testid=row-error]').text()).toBe(
      'This is the last enabled admin account and cannot be disabled; enable or create another admin first.',
    );
    expect(panel.find('tr[data-username=zhang] [data-testid=status]').text()).toBe('Active');
  });
});
