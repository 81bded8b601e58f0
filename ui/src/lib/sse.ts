import { session } from '../auth/session';

export type StreamState = 'connecting' | 'live' | 'unavailable' | 'closed' | 'unauthorized';

export interface StreamOptions {
  /** Path under /api, e.g. /api/events/stream. */
  path: string;
  query?: Record<string, string | undefined>;
  onFrame: (data: unknown, id: string, event: MessageEvent) => void;
  /** Named events (`event: end`, `event: reset`). */
  named?: Record<string, (event: MessageEvent) => void>;
  onState?: (state: StreamState, detail?: string) => void;
}

/**
 * Follows a long-poll SSE endpoint with the browser's EventSource. The server ends each response after a batch
 * (or a wait); EventSource reconnects by itself with Last-Event-ID, so nothing is lost between polls. When the
 * connection fails for good (network, restart) a new EventSource resumes from the last id seen (`?last_event_id=`);
 * duplicate ids are dropped. A 404 means the endpoint is not on this server: reported as 'unavailable'.
 */
export function followStream(options: StreamOptions): () => void {
  let source: EventSource | null = null;
  let lastId = '';
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new Set<string>();
  const state = (s: StreamState, detail?: string) => options.onState?.(s, detail);

  const url = () => {
    const { token, domain } = session.get();
    const params = new URLSearchParams();
    if (token) params.set('token', token);
    if (domain) params.set('domain', domain);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v) params.set(k, v);
    if (lastId) params.set('last_event_id', lastId);
    return `${options.path}?${params.toString()}`;
  };

  const open = () => {
    if (stopped) return;
    state('connecting');
    const es = new EventSource(url());
    source = es;
    es.onopen = () => state('live');
    es.onmessage = (event: MessageEvent<string>) => {
      if (event.lastEventId) {
        if (seen.has(event.lastEventId)) return;
        seen.add(event.lastEventId);
        if (seen.size > 5000) seen.delete(seen.values().next().value as string);
        lastId = event.lastEventId;
      }
      let data: unknown = event.data;
      try {
        data = JSON.parse(event.data);
      } catch {
        /* plain text frame */
      }
      options.onFrame(data, event.lastEventId, event);
    };
    for (const [name, handler] of Object.entries(options.named ?? {})) {
      es.addEventListener(name, (e) => handler(e as MessageEvent));
    }
    es.onerror = () => {
      if (es.readyState !== EventSource.CLOSED || stopped) return; // reconnecting by itself after a poll ended
      es.close();
      void probe();
    };
  };

  // EventSource does not expose the status of a failed connection; ask once with fetch.
  const probe = async () => {
    try {
      const { token, domain } = session.get();
      const controller = new AbortController();
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (token) headers['x-api-key'] = token;
      if (domain) headers['x-domain'] = domain;
      const response = await fetch(`${options.path}?wait=0`, { headers, signal: controller.signal });
      controller.abort();
      if (response.status === 404 || response.status === 405) return state('unavailable');
      if (response.status === 401) return state('unauthorized');
    } catch {
      /* network down: retry below */
    }
    state('connecting');
    timer = setTimeout(open, 2000);
  };

  open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    source?.close();
    state('closed');
  };
}
