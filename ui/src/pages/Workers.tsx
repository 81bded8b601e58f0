import { Alert, Badge, Button, Group, Progress, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, apiPath } from '../api/client';
import type { Worker } from '../api/types';
import { Empty, QueryState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { Time } from '../components/Time';

function capabilityBadges(capabilities: unknown): string[] {
  if (!capabilities || typeof capabilities !== 'object') return [];
  return Object.entries(capabilities as Record<string, unknown>).flatMap(([k, v]) =>
    v === true ? [k] : v === false || v === null ? [] : Array.isArray(v) ? v.map((x) => `${k}:${String(x)}`) : [`${k}: ${String(v)}`],
  );
}

export function WorkersPage() {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const workers = useQuery({
    queryKey: ['workers'],
    queryFn: ({ signal }) => api.get<Worker[]>(apiPath('/api/workers'), undefined, signal),
    refetchInterval: 2000,
  });
  const setState = useMutation({
    mutationFn: ({ id, state }: { id: string; state: string }) => api.post(apiPath('/api/workers/{id}/state', { id }), { state }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['workers'] }),
    onError: (e) => setError(e instanceof Error ? e.message : String(e)),
  });
  const list = workers.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Workers</Title>
        <Text size="sm" c="dimmed">{list.filter((w) => w.status === 'online').length} online of {list.length}</Text>
      </Group>
      {error && <Alert color="red" withCloseButton onClose={() => setError(null)} role="alert">{error}</Alert>}
      <QueryState isLoading={workers.isLoading} error={workers.error} retry={() => workers.refetch()}>
        {list.length === 0 ? (
          <Empty title="No workers registered">
            Start a worker host with <code>WORKER_DOMAIN</code> and <code>REDIS_URL</code> (see the README); it appears here within a heartbeat.
          </Empty>
        ) : (
          <Table striped data-testid="workers-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Worker</Table.Th>
                <Table.Th miw={120}>State</Table.Th>
                <Table.Th>OS</Table.Th>
                <Table.Th>Tags · capabilities</Table.Th>
                <Table.Th w={180}>Load</Table.Th>
                <Table.Th>Heartbeat</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((w) => {
                const load = w.max_concurrency ? (w.current_running / w.max_concurrency) * 100 : 0;
                const busy = setState.isPending && setState.variables?.id === w.worker_id;
                return (
                  <Table.Tr key={`${w.domain}/${w.worker_id}`} data-testid="worker-row">
                    <Table.Td>
                      <Text fw={500} size="sm">{w.worker_id}</Text>
                      <Text size="xs" c="dimmed">{w.hostname} · {w.domain} · v{w.version}{w.started_at ? ' · up since ' : ''}{w.started_at && <Time value={w.started_at} rel />}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <StatusBadge status={w.status} />
                        {w.state !== w.status && <StatusBadge status={w.state} />}
                      </Group>
                    </Table.Td>
                    <Table.Td>{w.os}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {w.tags.map((t) => <Badge key={t} size="xs" variant="outline">{t}</Badge>)}
                        {capabilityBadges(w.capabilities).map((c) => <Badge key={c} size="xs" variant="light" color="gray">{c}</Badge>)}
                        {w.allowed_users.length > 0 && <Badge size="xs" variant="light" color="violet">users: {w.allowed_users.join(', ')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={`${w.current_running} running of ${w.max_concurrency} slots`}>
                        <div>
                          <Progress value={load} color={load >= 100 ? 'red' : load >= 50 ? 'yellow' : 'green'} aria-label={`load ${w.current_running} of ${w.max_concurrency}`} />
                          <Text size="xs" c="dimmed">{w.current_running}/{w.max_concurrency}</Text>
                        </div>
                      </Tooltip>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={w.heartbeat_age_seconds > 10 ? 'red' : undefined}>{w.heartbeat_age_seconds.toFixed(1)} s ago</Text>
                      <Text size="xs" c="dimmed"><Time value={w.last_heartbeat} /></Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="default" disabled={busy || w.state === 'draining'} onClick={() => setState.mutate({ id: w.worker_id, state: 'draining' })}>Drain</Button>
                        <Button size="xs" variant="default" disabled={busy || w.state === 'disabled'} onClick={() => setState.mutate({ id: w.worker_id, state: 'disabled' })}>Disable</Button>
                        <Button size="xs" variant="default" disabled={busy || w.state === 'online'} onClick={() => setState.mutate({ id: w.worker_id, state: 'online' })}>Enable</Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
    </Stack>
  );
}
