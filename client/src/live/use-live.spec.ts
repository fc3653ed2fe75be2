import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { type LiveOptions, useLive } from './use-live.js';

/** A stand-in for socket.io's client: records what is sent, and is connected or not as the test says. */
class FakeSocket {
  connected = false;
  active = true;
  readonly sent: string[] = [];
  private handlers = new Map<string, ((...args: unknown[]) => void)[]>();
  readonly io = { on: vi.fn() };
  on(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  fire(event: string, ...args: unknown[]) {
    if (event === 'connect') this.connected = true;
    if (event === 'disconnect') this.connected = false;
    this.handlers.get(event)?.forEach((handler) => handler(...args));
  }
  timeout() {
    return {
      emitWithAck: (event: string) => {
        this.sent.push(event);
        return Promise.resolve({ ok: true, data: { serverTime: new Date().toISOString() } });
      },
    };
  }
  connect = vi.fn();
  close = vi.fn();
}

let socket: FakeSocket;
vi.mock('socket.io-client', () => ({ io: () => socket }));

function follow(options: LiveOptions) {
  let live!: ReturnType<typeof useLive>;
  const wrapper = mount(
    defineComponent({
      setup() {
        live = useLive({ role: 'viewer', code: 'ABCD2345' }, options);
        return () => h('div');
      },
    }),
  );
  return { live, wrapper };
}
const syncs = () => socket.sent.filter((e) => e === 'time.sync').length;

describe(useLive.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
    socket = new FakeSocket();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs the heartbeat for judges and big screens: a clock sync every 1.5 s', async () => {
    const { wrapper } = follow({});
    socket.fire('connect');
    await vi.advanceTimersByTimeAsync(15_000);
    expect(syncs()).toBe(10);
    wrapper.unmount();
  });

  it('without the heartbeat syncs the clock once on connect, then only every five minutes', async () => {
    const { live, wrapper } = follow({ heartbeat: false });
    socket.fire('connect');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(syncs()).toBe(1);
    expect(live.connection.value).toBe('online');
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(syncs()).toBe(2);
    wrapper.unmount();
  });

  it('without the heartbeat notices a dead link by the socket and the browser, and says since when the view is behind', async () => {
    const { live, wrapper } = follow({ heartbeat: false });
    socket.fire('connect');
    await vi.advanceTimersByTimeAsync(0);
    expect(live.staleSince.value).toBeNull();
    const lastHeard = Date.now();
    await vi.advanceTimersByTimeAsync(3_000);

    // socket.io's own transport ping timed out.
    socket.fire('disconnect', 'ping timeout');
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection.value).toBe('offline');
    expect(live.staleSince.value).toBe(lastHeard);
    socket.fire('connect');
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection.value).toBe('online');
    expect(live.staleSince.value).toBeNull();

    // The browser goes offline while the socket has not noticed yet; back online, one sync asks whether the link holds.
    window.dispatchEvent(new Event('offline'));
    await vi.advanceTimersByTimeAsync(0);
    expect(live.connection.value).toBe('offline');
    const before = syncs();
    window.dispatchEvent(new Event('online'));
    await vi.advanceTimersByTimeAsync(0);
    expect(syncs()).toBe(before + 1);
    expect(live.connection.value).toBe('online');
    wrapper.unmount();
  });
});
