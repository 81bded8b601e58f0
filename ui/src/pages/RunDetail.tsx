import { Alert, Anchor, Box, Button, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, apiPath, pendingPath } from '../api/client';
import type { Attempt, Run } from '../api/types';
import { LogViewer } from '../components/LogViewer';
import { QueryState } from '../components/States';
import { StatusBadge, statusColor } from '../components/StatusBadge';
import { Time } from '../components/Time';
import { formatUtc, millis, seconds } from '../lib/time';
import { isTerminal, useRunLog } from '../lib/useRunLog';

export function RunDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const run = useQuery({
    queryKey: ['run', id],
    queryFn: ({ signal }) => api.get<Run>(apiPath('/api/runs/{id}', { id }), undefined, signal),
    refetchInterval: (q) => (isTerminal(q.state.data?.status) ? false : 1000),
  });
  const log = useRunLog(id, run.data);

  const explain = (action: string, endpoint: string) => (e: unknown) =>
    setMessage({
      color: 'red',
      text: e instanceof ApiError && e.notFound && !e.problem?.detail?.includes(id)
        ? `${action} is not available on this server yet (${endpoint}).`
        : e instanceof Error ? e.message : String(e),
    });
  const cancel = useMutation({
    mutationFn: () => api.post(pendingPath(`/api/runs/${id}/cancel`)),
    onSuccess: () => {
      setMessage({ color: 'blue', text: 'Cancel requested.' });
      void queryClient.invalidateQueries({ queryKey: ['run', id] });
    },
    onError: explain('Cancel', 'POST /api/runs/{id}/cancel'),
  });
  const retry = useMutation({
    mutationFn: () => api.post<{ run_id?: string; _id?: string }>(pendingPath(`/api/runs/${id}/retry`)),
    onSuccess: (r) => {
      const next = r?.run_id ?? r?._id;
      if (next) navigate(`/runs/${next}`);
      else setMessage({ color: 'blue', text: 'Retry queued.' });
    },
    onError: explain('Retry', 'POST /api/runs/{id}/retry'),
  });

  const r = run.data;
  return (
    <QueryState isLoading={run.isLoading} error={run.error} retry={() => run.refetch()}>
      {r && (
        <Stack>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2}>
                Run <span style={{ fontFamily: 'monospace' }}>{r._id.slice(0, 12)}</span> <StatusBadge status={r.status} />
              </Title>
              <Text size="sm" c="dimmed">
                of job <Anchor component={Link} to={`/jobs/${r.job_id}`}>{r.job_id.slice(0, 12)}</Anchor> · {r.trigger} · {r.executor_type} · domain {r.domain}
              </Text>
            </div>
            <Group>
              <Button color="red" variant="outline" onClick={() => cancel.mutate()} loading={cancel.isPending} disabled={isTerminal(r.status)}>Cancel run</Button>
              <Button variant="default" onClick={() => retry.mutate()} loading={retry.isPending} disabled={!isTerminal(r.status)}>Retry</Button>
            </Group>
          </Group>
          {message && <Alert color={message.color} withCloseButton onClose={() => setMessage(null)} role="alert" data-testid="run-message">{message.text}</Alert>}
          <SimpleGrid cols={{ base: 2, md: 6 }}>
            <Fact label="Queued"><Time value={r.scheduled_ts} /></Fact>
            <Fact label="Started"><Time value={r.start_ts} /></Fact>
            <Fact label="Ended"><Time value={r.end_ts} /></Fact>
            <Fact label="Queue latency">{millis(r.queue_latency_ms)}</Fact>
            <Fact label="Duration">{seconds(r.duration)}</Fact>
            <Fact label="Exit code">{r.returncode ?? '—'}</Fact>
          </SimpleGrid>
          {r.completion_reason && <Text size="sm">Reason: <b data-testid="run-reason">{r.completion_reason}</b></Text>}
          <Card withBorder>
            <Title order={4} mb="xs">Attempts</Title>
            <AttemptsTimeline run={r} />
          </Card>
          <Card withBorder>
            <Title order={4} mb="xs">Output</Title>
            {log.state === 'unavailable' && (
              <Text size="xs" c="dimmed" mb="xs" data-testid="log-unavailable">
                Live output is not available on this server yet (GET /api/runs/{'{id}'}/stream); showing the stored output, refreshed every second.
              </Text>
            )}
            <LogViewer lines={log.lines} state={log.state} />
          </Card>
        </Stack>
      )}
    </QueryState>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Card withBorder p="xs">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm">{children}</Text>
    </Card>
  );
}

/** Each attempt as a bar on one time axis from the run's enqueue time to now (or its end). */
function AttemptsTimeline({ run }: { run: Run }) {
  const attempts: Attempt[] = run.attempts ?? [];
  if (attempts.length === 0) return <Text size="sm" c="dimmed">{run.status === 'queued' ? 'Waiting for a worker with a free slot.' : 'No attempt recorded yet.'}</Text>;
  const start = new Date(run.scheduled_ts).getTime();
  const ends = attempts.map((a) => (a.end_ts ? new Date(a.end_ts).getTime() : Date.now()));
  const end = Math.max(start + 1, ...ends);
  const span = end - start;
  return (
    <Stack gap={6} data-testid="attempts">
      {attempts.map((a) => {
        const s = a.start_ts ? new Date(a.start_ts).getTime() : start;
        const e = a.end_ts ? new Date(a.end_ts).getTime() : Date.now();
        const left = ((s - start) / span) * 100;
        const width = Math.max(0.8, ((e - s) / span) * 100);
        return (
          <Group key={a.attempt} wrap="nowrap" gap="sm">
            <Text size="xs" w={150}>#{a.attempt} {a.worker_id ?? ''}{a.slot !== null && a.slot !== undefined ? ` · ${a.slot}` : ''}</Text>
            <Box style={{ position: 'relative', flex: 1, height: 14, background: 'var(--mantine-color-gray-1)', borderRadius: 3 }}>
              <Tooltip label={`${a.status}${a.superseded ? ' (superseded)' : ''} · ${formatUtc(a.start_ts)} → ${formatUtc(a.end_ts) || 'now'} · ${a.completion_reason ?? ''}`}>
                <Box style={{ position: 'absolute', left: `${left}%`, width: `${width}%`, top: 0, bottom: 0, borderRadius: 3, background: `var(--mantine-color-${statusColor(a.status)}-6)`, opacity: a.superseded ? 0.4 : 1 }} />
              </Tooltip>
            </Box>
            <Group gap={4} w={220} wrap="nowrap">
              <StatusBadge status={a.status} />
              <Text size="xs">{seconds(a.duration)}</Text>
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}
