import { act, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogAssembler, type LogLine } from '../lib/logLines';
import { useRunLog } from '../lib/useRunLog';
import { renderWithProviders } from '../test/render';
import { LogViewer } from './LogViewer';

const lines = (n: number, stream: 'stdout' | 'stderr' = 'stdout'): LogLine[] => Array.from({ length: n }, (_, i) => ({ n: i + 1, stream, text: `line ${i + 1}` }));

describe('log assembly', () => {
  it('joins chunks split mid-line and keeps stdout and stderr apart', () => {
    const a = new LogAssembler();
    a.push({ stream: 'stdout', text: 'hel' });
    a.push({ stream: 'stderr', text: 'warn 1\nwa' });
    a.push({ stream: 'stdout', text: 'lo\nworld\n' });
    a.push({ stream: 'stderr', text: 'rn 2' });
    a.flush();
    expect(a.lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stderr:warn 1', 'stdout:hello', 'stdout:world', 'stderr:warn 2']);
  });
});

describe('log viewer', () => {
  it('filters stdout and stderr', async () => {
    renderWithProviders(<LogViewer lines={[...lines(3), { n: 4, stream: 'stderr', text: 'oops' }]} state="ended" />);
    expect(screen.getAllByTestId('log-line')).toHaveLength(4);
    await userEvent.click(screen.getByLabelText('stderr'));
    expect(screen.getAllByTestId('log-line')).toHaveLength(1);
    expect(screen.getByText('oops')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('stdout'));
    expect(screen.getAllByTestId('log-line')).toHaveLength(3);
  });

  it('pages a large output and follows the last page until paused', async () => {
    const { rerender } = renderWithProviders(<LogViewer lines={lines(1200)} state="live" pageSize={500} />);
    let shown = screen.getAllByTestId('log-line');
    expect(shown).toHaveLength(200);
    expect(shown[0]).toHaveTextContent('line 1001');
    expect(screen.getByTestId('log-count')).toHaveTextContent('1200 lines');

    await userEvent.click(screen.getByRole('button', { name: 'Pause auto-scroll' }));
    await userEvent.click(screen.getByRole('button', { name: 'page 1' }));
    shown = screen.getAllByTestId('log-line');
    expect(shown).toHaveLength(500);
    expect(shown[0]).toHaveTextContent(/^1line 1$/);

    // New output does not move a paused reader.
    rerender(<LogViewer lines={lines(1700)} state="live" pageSize={500} />);
    expect(screen.getAllByTestId('log-line')[0]).toHaveTextContent(/^1line 1$/);
    await userEvent.click(screen.getByRole('button', { name: 'Follow output' }));
    expect(screen.getAllByTestId('log-line')[0]).toHaveTextContent('line 1501');
  });
});

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  listeners: Record<string, ((e: MessageEvent) => void)[]> = {};
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(name: string, fn: (e: MessageEvent) => void) {
    (this.listeners[name] ??= []).push(fn);
  }
  close() {
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  frame(id: string, data: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data), lastEventId: id }));
  }
  named(name: string) {
    this.listeners[name]?.forEach((fn) => fn(new MessageEvent(name, { data: '{}' })));
  }
}

describe('live log through EventSource', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    localStorage.setItem('hydra.token', 'tok');
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows lines as frames arrive, drops repeated ids, and completes on the end frame', async () => {
    const { session } = await import('../auth/session');
    session.signIn('tok');
    const { result } = renderHook(() => useRunLog('r1', undefined));
    const es = FakeEventSource.instances[0]!;
    expect(es.url).toBe('/api/runs/r1/stream?token=tok');
    act(() => es.open());
    expect(result.current.state).toBe('live');
    act(() => es.frame('1', { run_id: 'r1', text: 'line 1\nline', stream: 'stdout' }));
    expect(result.current.lines.map((l) => l.text)).toEqual(['line 1']);
    act(() => es.frame('2', { run_id: 'r1', text: ' 2\n', stream: 'stdout' }));
    act(() => es.frame('2', { run_id: 'r1', text: ' 2\n', stream: 'stdout' }));
    act(() => es.frame('3', { run_id: 'r1', text: 'bad\n', stream: 'stderr' }));
    expect(result.current.lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:line 1', 'stdout:line 2', 'stderr:bad']);
    act(() => es.named('end'));
    expect(result.current.state).toBe('ended');
    expect(es.readyState).toBe(2);
  });

  it('falls back to the stored output when the stream endpoint is missing (404)', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 404 })));
    const run = { _id: 'r2', status: 'success', stdout: 'a\nb\n', stderr: '' } as never;
    const { result } = renderHook(() => useRunLog('r2', run));
    const es = FakeEventSource.instances[0]!;
    es.readyState = 2;
    await act(async () => {
      es.onerror?.();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(result.current.state).toBe('stored');
    expect(result.current.lines.map((l) => l.text)).toEqual(['a', 'b']);
  });
});
