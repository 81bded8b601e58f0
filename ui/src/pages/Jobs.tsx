import { Anchor, Badge, Button, Group, MultiSelect, Pagination, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, apiPath } from '../api/client';
import type { Job, JobOverview } from '../api/types';
import { Sparkline } from '../components/Sparkline';
import { Empty, QueryState } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { Time } from '../components/Time';
import { scheduleText } from '../lib/scheduleText';

const PAGE = 50;
const FETCH = 500;

interface Row {
  job: Job;
  stats: JobOverview | undefined;
  lastStatus: string;
}

/**
 * Every job: all pages are fetched in the background (500 per request, following X-Next-Cursor) and joined with
 * /overview/jobs once; filtering, sorting and paging then happen in memory, and only one page of 50 rows is
 * rendered, so 10,000 jobs stay fast.
 */
export function JobsPage() {
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  const [debounced] = useDebouncedValue(typed, 250);
  const status = params.get('status');
  const mode = params.get('mode');
  const tags = params.getAll('tag');
  const page = Number(params.get('page') ?? '1') || 1;

  const update = (changes: Record<string, string | string[] | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      next.delete(k);
      if (Array.isArray(v)) v.forEach((x) => next.append(k, x));
      else if (v) next.set(k, v);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next, { replace: true });
  };

  useEffect(() => {
    if (debounced !== search) update({ q: debounced || null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);

  const jobs = useInfiniteQuery({
    queryKey: ['jobs', 'all'],
    queryFn: ({ pageParam, signal }) => api.getPage<Job[]>(apiPath('/api/jobs'), { limit: FETCH, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    refetchInterval: 60000,
  });
  useEffect(() => {
    if (jobs.hasNextPage && !jobs.isFetchingNextPage) void jobs.fetchNextPage();
  }, [jobs.hasNextPage, jobs.isFetchingNextPage, jobs]);

  const overview = useQuery({
    queryKey: ['overview', 'jobs'],
    queryFn: ({ signal }) => api.get<JobOverview[]>(apiPath('/api/overview/jobs'), undefined, signal),
    refetchInterval: 5000,
  });

  const all = useMemo<Row[]>(() => {
    const stats = new Map((overview.data ?? []).map((o) => [o.job_id, o]));
    return (jobs.data?.pages ?? []).flatMap((p) => p.items).map((job) => {
      const s = stats.get(job._id ?? '');
      return { job, stats: s, lastStatus: s?.last_run?.status ?? 'never' };
    });
  }, [jobs.data, overview.data]);

  const allTags = useMemo(() => [...new Set(all.flatMap((r) => r.job.affinity?.tags ?? []))].sort(), [all]);
  const filtered = useMemo(() => {
    const q = search.toLowerCase();
    return all.filter(
      (r) =>
        (!q || (r.job.name ?? '').toLowerCase().includes(q)) &&
        (!status || r.lastStatus === status) &&
        (!mode || (r.job.schedule?.mode ?? 'immediate') === mode) &&
        tags.every((t) => (r.job.affinity?.tags ?? []).some((x) => x.toLowerCase() === t.toLowerCase())),
    );
  }, [all, search, status, mode, tags]);

  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const current = Math.min(page, pages);
  const rows = filtered.slice((current - 1) * PAGE, current * PAGE);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Jobs</Title>
        <Button component={Link} to="/jobs/new">New job</Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Search by name" placeholder="name contains…" value={typed} onChange={(e) => setTyped(e.currentTarget.value)} w={240} />
        <Select
          label="Last run"
          placeholder="any"
          clearable
          w={150}
          data={['success', 'failed', 'timed_out', 'cancelled', 'running', 'queued', 'never']}
          value={status}
          onChange={(v) => update({ status: v })}
        />
        <Select label="Mode" placeholder="any" clearable w={140} data={['immediate', 'interval', 'cron', 'at']} value={mode} onChange={(v) => update({ mode: v })} />
        <MultiSelect label="Tags" placeholder={tags.length ? undefined : 'any'} data={allTags} value={tags} onChange={(v) => update({ tag: v })} w={220} searchable clearable />
        <Text size="sm" c="dimmed" pb={6} data-testid="jobs-count">
          {filtered.length} of {all.length} jobs{jobs.hasNextPage || jobs.isFetchingNextPage ? ' (loading more…)' : ''}
        </Text>
      </Group>
      <QueryState isLoading={jobs.isLoading} error={jobs.error} retry={() => jobs.refetch()}>
        {all.length === 0 ? (
          <Empty title="No jobs yet">
            Create one with <Anchor component={Link} to="/jobs/new">New job</Anchor>, or submit one to <code>POST /api/jobs</code>.
          </Empty>
        ) : filtered.length === 0 ? (
          <Empty title="No job matches these filters" />
        ) : (
          <>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="jobs-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Schedule</Table.Th>
                  <Table.Th>Next run</Table.Th>
                  <Table.Th>Last run</Table.Th>
                  <Table.Th>Success</Table.Th>
                  <Table.Th>Recent durations</Table.Th>
                  <Table.Th>Tags</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ job, stats, lastStatus }) => {
                  const total = (stats?.success_runs ?? 0) + (stats?.failed_runs ?? 0);
                  return (
                    <Table.Tr key={job._id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/jobs/${job._id}`} fw={500}>{job.name}</Anchor>
                        {job.domain && <Text size="xs" c="dimmed">{job.domain}</Text>}
                      </Table.Td>
                      <Table.Td><Text size="sm">{scheduleText(job)}</Text></Table.Td>
                      <Table.Td><Time value={job.schedule?.enabled === false ? null : job.schedule?.next_run_at} rel /></Table.Td>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <StatusBadge status={lastStatus === 'never' ? null : lastStatus} />
                          {stats?.last_run && <Time value={stats.last_run.end_ts ?? stats.last_run.scheduled_ts} rel />}
                        </Group>
                      </Table.Td>
                      <Table.Td>{total ? `${Math.round(((stats?.success_runs ?? 0) / total) * 100)}%` : '—'}<Text span size="xs" c="dimmed"> {total ? `of ${total}` : ''}</Text></Table.Td>
                      <Table.Td>
                        <Sparkline points={[...(stats?.recent_runs ?? [])].reverse().map((r) => ({ duration: r.duration, status: r.status }))} />
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>{(job.affinity?.tags ?? []).map((t) => <Badge key={t} size="xs" variant="outline">{t}</Badge>)}</Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {pages > 1 && (
              <Group justify="center">
                <Pagination total={pages} value={current} onChange={(p) => update({ page: String(p) })} getItemProps={(n) => ({ 'aria-label': `page ${n}` })} />
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
