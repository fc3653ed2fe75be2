import { describe, expect, it } from 'vitest';
import { nextTick, ref, shallowRef } from 'vue';
import type { JudgeView } from '@contracts';
import type { ConnectionState } from '../live/use-live.js';
import { keepLastView, loadLastView } from './last-view.js';

const view = (name: string) => ({ role: 'judge', event: { name } }) as unknown as JudgeView;

describe('the last judge view kept on the tablet', () => {
  it('shows the kept view until the live channel sends one, and keeps each one it sends', async () => {
    const first = shallowRef<JudgeView | null>(null);
    keepLastView('link-a', first, ref<ConnectionState>('connecting'));
    expect(first.value).toBeNull();
    first.value = view('学习会');
    await nextTick();

    const reloaded = shallowRef<JudgeView | null>(null);
    keepLastView('link-a', reloaded, ref<ConnectionState>('offline'));
    expect(reloaded.value?.event.name).toBe('学习会');
    expect(loadLastView('link-b')).toBeNull(); // one copy per judge link
  });

  it('drops the copy of a refused link, and ignores a damaged one', async () => {
    const connection = ref<ConnectionState>('connecting');
    keepLastView('link-c', shallowRef(view('学习会')), connection);
    expect(loadLastView('link-c')).not.toBeNull();
    connection.value = 'refused';
    await nextTick();
    expect(loadLastView('link-c')).toBeNull();
    localStorage.setItem(
      Object.keys(localStorage).find((k) => k.startsWith('podium.judge-view.'))!,
      '{not json',
    );
    expect(loadLastView('link-a')).toBeNull();
  });
});
