import { Anchor, Badge, Button, Code, Group, MultiSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { pendingPath } from '../api/client';
import type { HydraEvent } from '../api/types';
import { Empty, NotAvailable } from '../components/States';
import { Time } from '../components/Time';
import { type StreamState, followStream } from '../lib/sse';

const KNOWN = [
  'job_created', 'job_updated', 'job_deleted', 'job_scheduled', 'run_queued', 'run_dispatched', 'run_started', 'run_succeeded', 'run_failed',
  'run_timed_out', 'run_cancelled', 'run_lost', 'run_retry_scheduled', 'run_missed', 'run_skipped', 'worker_online', 'worker_offline', 'worker_state_changed',
];
const KEEP = 1000;

function color(type: string): string {
  if (type.endsWith('succeeded') || type.endsWith('online')) return 'green';
  if (type.endsWith('failed') || type.endsWith('lost') || type.endsWith('offline')) return 'red';
  if (type.startsWith('job_')) return 'violet';
  if (type.endsWith('cancelled') || type.endsWith('skipped') || type.endsWith('missed')) return 'gray';
  return 'blue';
}

/** The live event feed: EventSource on /api/events/stream, resumed with Last-Event-ID, newest first. */
export function EventsPage() {
  const [events, setEvents] = useState<HydraEvent[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [types, setTypes] = useState<string[]>([]);
  const [paused, setPaused] = useState(false);
  const pausedRef = useRef(paused);
  const buffer = useRef<HydraEvent[]>([]);
  pausedRef.current = paused;

  useEffect(() => {
    const stop = followStream({
      path: pendingPath('/api/events/stream'),
      onFrame: (data, id) => {
        if (!data || typeof data !== 'object') return;
        const frame = data as Partial<HydraEvent>;
        if (frame.type === 'reset') {
          // The cursor fell out of the retained window: start over from what the server has now.
          buffer.current = [];
          setEvents([]);
          return;
        }
        const event: HydraEvent = { id, type: String(frame.type ?? 'unknown'), payload: (frame.payload ?? {}) as Record<string, unknown>, ts: String(frame.ts ?? new Date().toISOString()) };
        buffer.current.unshift(event);
        if (buffer.current.length > KEEP) buffer.current.length = KEEP;
        if (!pausedRef.current) setEvents([...buffer.current]);
      },
      named: {
        reset: () => {
          buffer.current = [];
          setEvents([]);
        },
      },
      onState: (s) => setState(s),
    });
    return stop;
  }, []);

  useEffect(() => {
    if (!paused) setEvents([...buffer.current]);
  }, [paused]);

  const seenTypes = useMemo(() => [...new Set([...KNOWN, ...events.map((e) => e.type)])].sort(), [events]);
  const shown = types.length ? events.filter((e) => types.includes(e.type)) : events;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Events</Title>
        <Group>
          <Badge variant="dot" color={state === 'live' ? 'green' : state === 'unavailable' ? 'gray' : 'yellow'} data-testid="events-state">
            {state === 'live' ? 'live' : state}
          </Badge>
          <Button size="xs" variant="default" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>{paused ? 'Resume feed' : 'Pause feed'}</Button>
        </Group>
      </Group>
      <MultiSelect label="Event types" placeholder={types.length ? undefined : 'all types'} data={seenTypes} value={types} onChange={setTypes} searchable clearable maw={640} />
      {state === 'unavailable' ? (
        <NotAvailable feature="The live event feed" endpoint="GET /api/events/stream" />
      ) : shown.length === 0 ? (
        <Empty title={state === 'live' ? 'Waiting for events…' : 'Connecting to the event stream…'}>
          Every change to a job, run or worker appears here as it happens.
        </Empty>
      ) : (
        <Table striped data-testid="events-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Details</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.slice(0, 300).map((e) => {
              const p = e.payload;
              const runId = typeof p.run_id === 'string' ? p.run_id : null;
              const jobId = typeof p.job_id === 'string' ? p.job_id : null;
              return (
                <Table.Tr key={e.id || `${e.ts}-${e.type}`} data-testid="event-row" data-type={e.type}>
                  <Table.Td><Time value={e.ts} /></Table.Td>
                  <Table.Td><Badge color={color(e.type)} variant="light">{e.type}</Badge></Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {runId && <Anchor component={Link} to={`/runs/${runId}`}>run {runId.slice(0, 8)}</Anchor>}
                      {!runId && jobId && <Anchor component={Link} to={`/jobs/${jobId}`}>job {jobId.slice(0, 8)}</Anchor>}
                      {!runId && !jobId && typeof p.worker_id === 'string' && `worker ${p.worker_id}`}
                    </Text>
                  </Table.Td>
                  <Table.Td><Code fz="xs">{JSON.stringify(p).slice(0, 160)}</Code></Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">Keeps the latest {KEEP} events in this tab{paused ? ' · paused: new events are buffered' : ''}.</Text>
    </Stack>
  );
}
