import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, apiPath } from '../api/client';
import type { Health, Run, Worker } from '../api/types';
import { Empty, QueryState } from '../components/States';
import { millis } from '../lib/time';

const OUTCOMES = ['success', 'failed', 'timed_out', 'cancelled', 'lost'] as const;
const COLORS: Record<string, string> = { success: '#2f9e44', failed: '#e03131', timed_out: '#f76707', cancelled: '#868e96', lost: '#9c36b5' };
const WINDOW_MIN = 30;

export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
}

/** Runs per minute by outcome over the last half hour, queue depth, p95 queue latency and workers online. */
export function OverviewPage() {
  const history = useQuery({ queryKey: ['history'], queryFn: ({ signal }) => api.get<Run[]>(apiPath('/api/history'), { limit: 500 }, signal), refetchInterval: 5000 });
  const workers = useQuery({ queryKey: ['workers'], queryFn: ({ signal }) => api.get<Worker[]>(apiPath('/api/workers'), undefined, signal), refetchInterval: 5000 });
  const health = useQuery({ queryKey: ['health'], queryFn: ({ signal }) => api.get<Health>(apiPath('/api/health'), undefined, signal), refetchInterval: 5000 });

  const runs = useMemo(() => history.data ?? [], [history.data]);
  const perMinute = useMemo(() => {
    const now = Date.now();
    const start = Math.floor(now / 60000) * 60000 - (WINDOW_MIN - 1) * 60000;
    const buckets = Array.from({ length: WINDOW_MIN }, (_, i) => ({ t: start + i * 60000, ...Object.fromEntries(OUTCOMES.map((o) => [o, 0])) }) as Record<string, number>);
    for (const r of runs) {
      if (!r.end_ts) continue;
      const i = Math.floor((new Date(r.end_ts).getTime() - start) / 60000);
      const bucket = buckets[i];
      if (bucket && r.status in bucket) bucket[r.status] = (bucket[r.status] ?? 0) + 1;
    }
    return buckets;
  }, [runs]);
  const queued = runs.filter((r) => r.status === 'queued').length;
  const running = runs.filter((r) => r.status === 'running').length;
  const p95 = percentile(runs.flatMap((r) => (r.queue_latency_ms === null || r.queue_latency_ms === undefined ? [] : [r.queue_latency_ms])), 95);
  const online = (workers.data ?? []).filter((w) => w.status === 'online');
  const slots = online.reduce((s, w) => s + w.max_concurrency, 0);
  const busy = online.reduce((s, w) => s + w.current_running, 0);

  return (
    <Stack>
      <Title order={2}>Overview</Title>
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <Stat label="Queue depth" value={String(health.data?.pending_jobs ?? queued)} hint={`${running} running now`} testId="stat-queue" />
        <Stat label="p95 queue latency" value={millis(p95)} hint={`over the last ${runs.length} runs`} testId="stat-latency" />
        <Stat label="Workers online" value={`${online.length}`} hint={`${busy}/${slots} slots busy`} testId="stat-workers" />
        <Stat label="Health" value={health.data?.status ?? '…'} hint={`store ${health.data?.store ?? '?'} · redis ${health.data?.redis ?? '?'}`} testId="stat-health" />
      </SimpleGrid>
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={4}>Runs per minute by outcome</Title>
          <Text size="xs" c="dimmed">last {WINDOW_MIN} minutes, your time</Text>
        </Group>
        <QueryState isLoading={history.isLoading} error={history.error} retry={() => history.refetch()}>
          {runs.length === 0 ? (
            <Empty title="No runs yet">Runs appear here as they finish.</Empty>
          ) : (
            <div style={{ width: '100%', height: 260 }} role="img" aria-label="Runs per minute by outcome">
              <ResponsiveContainer>
                <BarChart data={perMinute}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="t" tickFormatter={(t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })} fontSize={11} />
                  <YAxis allowDecimals={false} fontSize={11} width={32} />
                  <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleTimeString()} />
                  <Legend />
                  {OUTCOMES.map((o) => <Bar key={o} dataKey={o} stackId="a" fill={COLORS[o]} isAnimationActive={false} />)}
                </BarChart>
              </ResponsiveContainer>
            </div>
          )}
        </QueryState>
      </Card>
    </Stack>
  );
}

function Stat({ label, value, hint, testId }: { label: string; value: string; hint: string; testId: string }) {
  return (
    <Card withBorder data-testid={testId}>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="xl" fw={700}>{value}</Text>
      <Text size="xs" c="dimmed">{hint}</Text>
    </Card>
  );
}
