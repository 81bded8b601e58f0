import { Alert, Anchor, Badge, Button, Card, Code, Group, Modal, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, apiPath } from '../api/client';
import type { Job, Run, RunQueued } from '../api/types';
import { RunsChart } from '../components/RunsChart';
import { Empty, QueryState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { Time } from '../components/Time';
import { scheduleText } from '../lib/scheduleText';
import { millis, seconds } from '../lib/time';

const PAGE = 50;

export function JobDetailPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const job = useQuery({ queryKey: ['job', id], queryFn: ({ signal }) => api.get<Job>(apiPath('/api/jobs/{id}', { id }), undefined, signal) });
  const runs = useInfiniteQuery({
    queryKey: ['runs', id, status],
    queryFn: ({ pageParam, signal }) => api.getPage<Run[]>(apiPath('/api/jobs/{id}/runs', { id }), { limit: PAGE, cursor: pageParam, status }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    refetchInterval: (q) => (q.state.data?.pages[0]?.items.some((r) => r.status === 'queued' || r.status === 'running') ? 1000 : 5000),
  });
  const list = runs.data?.pages.flatMap((p) => p.items) ?? [];

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['runs', id] });
    void queryClient.invalidateQueries({ queryKey: ['job', id] });
    void queryClient.invalidateQueries({ queryKey: ['jobs'] });
  };
  const onError = (e: unknown) => setError(e instanceof Error ? e.message : String(e));
  const runNow = useMutation({ mutationFn: () => api.post<RunQueued>(apiPath('/api/jobs/{id}/run', { id })), onSuccess: refresh, onError });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.put<Job>(apiPath('/api/jobs/{id}', { id }), { schedule: { ...(job.data?.schedule ?? {}), next_run_at: undefined, enabled } }),
    onSuccess: refresh,
    onError,
  });
  const remove = useMutation({
    mutationFn: () => api.del(apiPath('/api/jobs/{id}', { id })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['jobs'] });
      navigate('/jobs');
    },
    onError,
  });

  const j = job.data;
  const scheduled = j?.schedule?.mode && j.schedule.mode !== 'immediate';
  return (
    <QueryState isLoading={job.isLoading} error={job.error} retry={() => job.refetch()}>
      {j && (
        <Stack>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={2}>{j.name}</Title>
              <Text size="sm" c="dimmed">
                {j.executor?.type} · {scheduleText(j)} · priority {j.priority ?? 5} · domain {j.domain}
              </Text>
            </div>
            <Group>
              <Button onClick={() => runNow.mutate()} loading={runNow.isPending}>Run now</Button>
              {scheduled && (
                <Button variant="default" onClick={() => toggle.mutate(j.schedule?.enabled === false)} loading={toggle.isPending}>
                  {j.schedule?.enabled === false ? 'Resume schedule' : 'Pause schedule'}
                </Button>
              )}
              <Button variant="default" component={Link} to={`/jobs/${id}/edit`}>Edit</Button>
              <Button color="red" variant="outline" onClick={() => setConfirmDelete(true)}>Delete…</Button>
            </Group>
          </Group>
          {error && <Alert color="red" withCloseButton onClose={() => setError(null)} role="alert">{error}</Alert>}
          <SimpleGrid cols={{ base: 1, md: 3 }}>
            <Card withBorder>
              <Text size="xs" c="dimmed">Next run</Text>
              <Text>{j.schedule?.enabled === false && scheduled ? 'paused' : <Time value={j.schedule?.next_run_at} />}</Text>
            </Card>
            <Card withBorder>
              <Text size="xs" c="dimmed">Retries · timeout</Text>
              <Text>{j.retries ?? 0} · {j.timeout ? `${j.timeout} s` : 'none'}</Text>
            </Card>
            <Card withBorder>
              <Text size="xs" c="dimmed">Affinity</Text>
              <Group gap={4}>
                {[...(j.affinity?.os ?? []), ...(j.affinity?.tags ?? [])].map((t) => <Badge key={t} variant="outline" size="sm">{t}</Badge>)}
                {!(j.affinity?.os?.length || j.affinity?.tags?.length) && <Text size="sm">any worker</Text>}
              </Group>
            </Card>
          </SimpleGrid>
          {(j.executor?.script || j.executor?.code || j.executor?.command) && (
            <Code block>{j.executor?.script ?? j.executor?.code ?? [j.executor?.command, ...(j.executor?.args ?? [])].join(' ')}</Code>
          )}
          <Card withBorder>
            <Title order={4} mb="xs">Duration and outcome</Title>
            {list.some((r) => r.end_ts) ? <RunsChart runs={list} /> : <Text size="sm" c="dimmed">No finished runs yet.</Text>}
          </Card>
          <Group justify="space-between">
            <Title order={4}>Runs</Title>
            <Select aria-label="Filter runs by status" placeholder="all statuses" clearable w={180} data={['queued', 'running', 'success', 'failed', 'timed_out', 'cancelled']} value={status} onChange={setStatus} />
          </Group>
          <QueryState isLoading={runs.isLoading} error={runs.error} retry={() => runs.refetch()}>
            {list.length === 0 ? (
              <Empty title="No runs yet">Use “Run now”, or wait for the schedule.</Empty>
            ) : (
              <Table striped highlightOnHover data-testid="runs-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Run</Table.Th>
                    <Table.Th>Status</Table.Th>
                    <Table.Th>Queued</Table.Th>
                    <Table.Th>Attempt</Table.Th>
                    <Table.Th>Worker · slot</Table.Th>
                    <Table.Th>Queue latency</Table.Th>
                    <Table.Th>Duration</Table.Th>
                    <Table.Th>Reason</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((r) => (
                    <Table.Tr key={r._id} data-testid="run-row" data-status={r.status}>
                      <Table.Td><Anchor component={Link} to={`/runs/${r._id}`} ff="monospace" size="sm">{r._id.slice(0, 8)}</Anchor> <Text span size="xs" c="dimmed">{r.trigger}</Text></Table.Td>
                      <Table.Td><StatusBadge status={r.status} /></Table.Td>
                      <Table.Td><Time value={r.scheduled_ts} /></Table.Td>
                      <Table.Td>{r.attempt}{r.retries_remaining ? <Text span size="xs" c="dimmed"> ({r.retries_remaining} left)</Text> : null}</Table.Td>
                      <Table.Td><Text size="sm">{r.worker_id ?? '—'}{r.slot !== null && r.slot !== undefined ? ` · ${r.slot}` : ''}</Text></Table.Td>
                      <Table.Td>{millis(r.queue_latency_ms)}</Table.Td>
                      <Table.Td>{seconds(r.duration)}</Table.Td>
                      <Table.Td><Text size="sm" lineClamp={1}>{r.completion_reason ?? '—'}</Text></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            {runs.hasNextPage && (
              <Group justify="center">
                <Button variant="default" onClick={() => runs.fetchNextPage()} loading={runs.isFetchingNextPage}>Older runs</Button>
              </Group>
            )}
          </QueryState>
          <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this job?">
            <Text size="sm" mb="md">“{j.name}” and its schedule are removed. Runs already recorded stay in the history.</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmDelete(false)}>Keep it</Button>
              <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>Delete</Button>
            </Group>
          </Modal>
        </Stack>
      )}
    </QueryState>
  );
}
