import {
  Alert, Anchor, Button, Card, Grid, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, TagsInput,
  Text, TextInput, Textarea, Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api, apiPath } from '../api/client';
import type { Job, RunQueued, Validation } from '../api/types';
import { QueryState } from '../components/States';
import { SchedulePreview } from '../components/SchedulePreview';
import { type ExecutorType, type IntervalUnit, type JobForm, type Mode, editorFields, emptyForm, errorsFor, fromDocument, toDocument } from '../lib/jobForm';
import { viewerZone } from '../lib/time';

const zones = (() => {
  try {
    return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  } catch {
    return ['UTC'];
  }
})();

const cronPresets = [
  { label: 'Every minute', value: '* * * * *' },
  { label: 'Every 15 minutes', value: '*/15 * * * *' },
  { label: 'Hourly', value: '0 * * * *' },
  { label: 'Daily 02:30', value: '30 2 * * *' },
  { label: 'Weekdays 09:00', value: '0 9 * * 1-5' },
  { label: 'Monthly, 1st 00:00', value: '0 0 1 * *' },
];

/** /jobs/new and /jobs/:id/edit */
export function JobEditorPage() {
  const { id } = useParams();
  const job = useQuery({
    queryKey: ['job', id],
    queryFn: ({ signal }) => api.get<Job>(apiPath('/api/jobs/{id}', { id: id! }), undefined, signal),
    enabled: Boolean(id),
  });
  return (
    <Stack>
      <Title order={2}>{id ? `Edit ${job.data?.name ?? 'job'}` : 'New job'}</Title>
      {id ? (
        <QueryState isLoading={job.isLoading} error={job.error} retry={() => job.refetch()}>
          {job.data && <JobEditor key={job.data.updated_at ?? id} jobId={id} initial={fromDocument(job.data as Job & Record<string, unknown>)} />}
        </QueryState>
      ) : (
        <JobEditor initial={emptyForm()} />
      )}
    </Stack>
  );
}

export function JobEditor({ initial, jobId }: { initial: JobForm; jobId?: string }) {
  const [form, setForm] = useState<JobForm>(initial);
  const [touched, setTouched] = useState(false);
  const [submitErrors, setSubmitErrors] = useState<Record<string, string[]> | null>(null);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const set = <K extends keyof JobForm>(key: K, value: JobForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTouched(true);
    setSubmitErrors(null);
  };

  const doc = useMemo(() => toDocument(form), [form]);
  const [debounced] = useDebouncedValue(doc, 350);
  const validation = useQuery({
    queryKey: ['validate', JSON.stringify(debounced)],
    queryFn: () => api.post<Validation>(apiPath('/api/jobs/validate'), debounced),
    placeholderData: (previous) => previous,
    retry: false,
  });

  const fieldErrors: Record<string, string[]> = submitErrors ?? (touched || jobId ? validation.data?.field_errors ?? {} : {});
  const err = (...paths: string[]) => errorsFor(fieldErrors, ...paths);
  const otherErrors = Object.entries(fieldErrors).filter(([field]) => !editorFields.some((p) => field === p || field.startsWith(p + '.') || field.startsWith(p + '[')));

  const onError = (e: unknown) => {
    if (e instanceof ApiError && Object.keys(e.fieldErrors).length > 0) setSubmitErrors(e.fieldErrors);
    setMessage({ color: 'red', text: e instanceof Error ? e.message : String(e) });
  };
  const invalidate = () => queryClient.invalidateQueries({ queryKey: ['jobs'] });

  const save = useMutation({
    mutationFn: () => (jobId ? api.put<Job>(apiPath('/api/jobs/{id}', { id: jobId }), doc) : api.post<Job>(apiPath('/api/jobs'), doc)),
    onSuccess: async (saved) => {
      await invalidate();
      await queryClient.invalidateQueries({ queryKey: ['job', saved._id] });
      navigate(`/jobs/${saved._id}`);
    },
    onError,
  });
  const adhoc = useMutation({
    mutationFn: () => api.post<Job>(apiPath('/api/jobs/adhoc'), doc),
    onSuccess: async (saved) => {
      await invalidate();
      navigate(`/jobs/${saved._id}`);
    },
    onError,
  });
  const runNow = useMutation({
    mutationFn: () => api.post<RunQueued>(apiPath('/api/jobs/{id}/run', { id: jobId! })),
    onSuccess: (r) => navigate(`/runs/${r.run_id}`),
    onError,
  });
  const pause = useMutation({
    mutationFn: (enabled: boolean) => api.put<Job>(apiPath('/api/jobs/{id}', { id: jobId! }), { schedule: { ...(doc.schedule ?? {}), enabled } }),
    onSuccess: (saved) => {
      setForm((f) => ({ ...f, enabled: saved.schedule?.enabled ?? f.enabled }));
      setMessage({ color: 'green', text: saved.schedule?.enabled ? 'Schedule resumed.' : 'Schedule paused.' });
      void invalidate();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: () => api.del(apiPath('/api/jobs/{id}', { id: jobId! })),
    onSuccess: async () => {
      await invalidate();
      navigate('/jobs');
    },
    onError,
  });

  const busy = save.isPending || adhoc.isPending || runNow.isPending || pause.isPending || remove.isPending;
  const tz = form.timezone || 'UTC';

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        save.mutate();
      }}
      aria-label="Job editor"
    >
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            {message && (
              <Alert color={message.color} withCloseButton onClose={() => setMessage(null)} role="alert" data-testid="editor-message">
                {message.text}
              </Alert>
            )}
            {otherErrors.length > 0 && (
              <Alert color="red" title="Other problems">
                {otherErrors.map(([f, m]) => (
                  <Text size="sm" key={f}>
                    {f === '$' ? 'The job' : f} {m.join('; ')}
                  </Text>
                ))}
              </Alert>
            )}
            <Card withBorder>
              <Title order={4} mb="sm">General</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput label="Name" required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={err('name')} />
                <TextInput label="Run as user" description="Must be allowed by the worker (ALLOWED_USERS)" value={form.user} onChange={(e) => set('user', e.currentTarget.value)} error={err('user')} />
                <NumberInput label="Priority" description="Higher runs first" min={0} max={100} value={form.priority} onChange={(v) => set('priority', v)} error={err('priority')} />
                <NumberInput label="Timeout (seconds)" description="0 = none" min={0} value={form.timeout} onChange={(v) => set('timeout', v)} error={err('timeout')} />
              </SimpleGrid>
            </Card>

            <Card withBorder>
              <Title order={4} mb="sm">What to run</Title>
              <Stack>
                <Select
                  label="Executor"
                  allowDeselect={false}
                  data={[
                    { value: 'shell', label: 'Shell script' },
                    { value: 'batch', label: 'Batch file (Windows cmd)' },
                    { value: 'python', label: 'Python' },
                    { value: 'external', label: 'External program (no shell)' },
                  ]}
                  value={form.executorType}
                  onChange={(v) => v && set('executorType', v as ExecutorType)}
                  error={err('executor.type')}
                />
                {form.executorType === 'shell' && (
                  <>
                    <Select label="Shell" allowDeselect={false} data={['bash', 'sh', 'zsh', 'pwsh', 'powershell']} value={form.shell} onChange={(v) => v && set('shell', v)} error={err('executor.shell')} />
                    <Textarea label="Script" autosize minRows={4} styles={{ input: { fontFamily: 'monospace' } }} value={form.script} onChange={(e) => set('script', e.currentTarget.value)} error={err('executor.script')} />
                  </>
                )}
                {form.executorType === 'batch' && (
                  <Textarea label="Batch script" autosize minRows={4} styles={{ input: { fontFamily: 'monospace' } }} value={form.script} onChange={(e) => set('script', e.currentTarget.value)} error={err('executor.script', 'executor.shell')} />
                )}
                {form.executorType === 'python' && (
                  <>
                    <Textarea label="Python code" autosize minRows={4} styles={{ input: { fontFamily: 'monospace' } }} value={form.code} onChange={(e) => set('code', e.currentTarget.value)} error={err('executor.code', 'executor.script')} />
                    <SimpleGrid cols={{ base: 1, sm: 2 }}>
                      <TextInput label="Interpreter" value={form.interpreter} onChange={(e) => set('interpreter', e.currentTarget.value)} error={err('executor.interpreter')} />
                      <Select label="Environment" allowDeselect={false} data={['system', 'venv', 'uv']} value={form.pyEnvType} onChange={(v) => v && set('pyEnvType', v)} error={err('executor.environment.type')} />
                      <TextInput label="Python version" placeholder="3.12" value={form.pythonVersion} onChange={(e) => set('pythonVersion', e.currentTarget.value)} error={err('executor.environment.python_version')} />
                      <TextInput label="Virtualenv path" description="Empty: a temporary venv" value={form.venvPath} onChange={(e) => set('venvPath', e.currentTarget.value)} error={err('executor.environment.venv_path')} />
                      <TagsInput label="Requirements" placeholder="requests==2.32" value={form.requirements} onChange={(v) => set('requirements', v)} error={err('executor.environment.requirements')} />
                      <TextInput label="Requirements file" value={form.requirementsFile} onChange={(e) => set('requirementsFile', e.currentTarget.value)} error={err('executor.environment.requirements_file')} />
                    </SimpleGrid>
                  </>
                )}
                {form.executorType === 'external' && (
                  <TextInput label="Command" description="The program to start, without a shell" value={form.command} onChange={(e) => set('command', e.currentTarget.value)} error={err('executor.command')} />
                )}
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TagsInput label="Arguments" description="Press Enter after each" value={form.args} onChange={(v) => set('args', v)} error={err('executor.args')} />
                  <TextInput label="Working directory" value={form.workdir} onChange={(e) => set('workdir', e.currentTarget.value)} error={err('executor.workdir')} />
                </SimpleGrid>
                <EnvEditor value={form.env} onChange={(v) => set('env', v)} error={err('executor.env')} />
              </Stack>
            </Card>

            <Card withBorder>
              <Title order={4} mb="sm">Where (affinity)</Title>
              <Text size="xs" c="dimmed" mb="xs">Empty means any. Every tag must be on the worker.</Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TagsInput label="Operating systems" data={['linux', 'windows', 'macos']} value={form.os} onChange={(v) => set('os', v)} error={err('affinity.os')} />
                <TagsInput label="Worker tags" value={form.tags} onChange={(v) => set('tags', v)} error={err('affinity.tags')} />
                <TagsInput label="Allowed users" value={form.allowedUsers} onChange={(v) => set('allowedUsers', v)} error={err('affinity.allowed_users')} />
                <TagsInput label="Host names" value={form.hostnames} onChange={(v) => set('hostnames', v)} error={err('affinity.hostnames')} />
              </SimpleGrid>
            </Card>

            <Card withBorder>
              <Title order={4} mb="sm">Success and retries</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TagsInput label="Successful exit codes" description="Empty = [0]" value={form.exitCodes} onChange={(v) => set('exitCodes', v)} error={err('completion.exit_codes')} />
                <TagsInput label="stdout must contain" value={form.stdoutContains} onChange={(v) => set('stdoutContains', v)} error={err('completion.stdout_contains')} />
                <TagsInput label="stdout must not contain" value={form.stdoutNotContains} onChange={(v) => set('stdoutNotContains', v)} error={err('completion.stdout_not_contains')} />
                <TagsInput label="stderr must contain" value={form.stderrContains} onChange={(v) => set('stderrContains', v)} error={err('completion.stderr_contains')} />
                <TagsInput label="stderr must not contain" value={form.stderrNotContains} onChange={(v) => set('stderrNotContains', v)} error={err('completion.stderr_not_contains')} />
                <NumberInput label="Retries" min={0} max={100} value={form.retries} onChange={(v) => set('retries', v)} error={err('retries')} />
                <NumberInput label="Backoff: first delay (s)" min={0} value={form.backoffInitial} onChange={(v) => set('backoffInitial', v)} error={err('retry_backoff.initial_seconds')} />
                <NumberInput label="Backoff: longest delay (s)" min={0} value={form.backoffMax} onChange={(v) => set('backoffMax', v)} error={err('retry_backoff.max_seconds')} />
                <NumberInput label="Backoff: factor" min={1} step={0.5} decimalScale={2} value={form.backoffFactor} onChange={(v) => set('backoffFactor', v)} error={err('retry_backoff.factor', 'retry_backoff')} />
              </SimpleGrid>
            </Card>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack>
            <Card withBorder>
              <Title order={4} mb="sm">When (schedule)</Title>
              <Stack>
                <div>
                  <Text size="sm" fw={500} id="mode-label" mb={4}>Mode</Text>
                  <SegmentedControl
                    fullWidth
                    aria-labelledby="mode-label"
                    value={form.mode}
                    onChange={(v) => set('mode', v as Mode)}
                    data={[
                      { value: 'immediate', label: 'Now' },
                      { value: 'interval', label: 'Interval' },
                      { value: 'cron', label: 'Cron' },
                      { value: 'at', label: 'At' },
                    ]}
                  />
                  {err('schedule.mode') && <Text c="red" size="xs" role="alert">{err('schedule.mode')}</Text>}
                </div>
                {form.mode === 'interval' && (
                  <Group grow align="flex-start">
                    <NumberInput label="Every" min={1} value={form.intervalValue} onChange={(v) => set('intervalValue', v)} error={err('schedule.interval_seconds')} />
                    <Select label="Unit" allowDeselect={false} data={[{ value: 's', label: 'seconds' }, { value: 'min', label: 'minutes' }, { value: 'h', label: 'hours' }, { value: 'd', label: 'days' }]} value={form.intervalUnit} onChange={(v) => v && set('intervalUnit', v as IntervalUnit)} />
                  </Group>
                )}
                {form.mode === 'cron' && (
                  <>
                    <TextInput label="Cron expression" description="5 fields (6 with seconds first); L, W, # and @daily work" styles={{ input: { fontFamily: 'monospace' } }} value={form.cron} onChange={(e) => set('cron', e.currentTarget.value)} error={err('schedule.cron')} />
                    <Select label="Preset" placeholder="Pick a common schedule" data={cronPresets} value={null} onChange={(v) => v && set('cron', v)} />
                  </>
                )}
                {form.mode === 'at' && (
                  <TextInput type="datetime-local" label={`Run at (your time, ${viewerZone()})`} value={form.runAt} onChange={(e) => set('runAt', e.currentTarget.value)} error={err('schedule.run_at')} />
                )}
                {(form.mode === 'cron' || form.mode === 'interval' || form.mode === 'at') && (
                  <Select label="Time zone" searchable data={zones} value={tz} onChange={(v) => v && set('timezone', v)} error={err('schedule.timezone')} limit={50} />
                )}
                {form.mode !== 'immediate' && (
                  <>
                    <SimpleGrid cols={2}>
                      <TextInput type="datetime-local" label="Window start" value={form.startAt} onChange={(e) => set('startAt', e.currentTarget.value)} error={err('schedule.start_at')} />
                      <TextInput type="datetime-local" label="Window end" value={form.endAt} onChange={(e) => set('endAt', e.currentTarget.value)} error={err('schedule.end_at')} />
                    </SimpleGrid>
                    <Select label="Misfire (after downtime)" placeholder="server default (coalesce)" clearable data={[{ value: 'coalesce', label: 'coalesce: one run for all missed' }, { value: 'all', label: 'all: every missed slot' }, { value: 'skip', label: 'skip: none' }]} value={form.misfire || null} onChange={(v) => set('misfire', v ?? '')} error={err('schedule.misfire')} />
                    <Select label="Overlap (previous still running)" placeholder="server default (allow)" clearable data={[{ value: 'allow', label: 'allow' }, { value: 'forbid', label: 'forbid: skip the slot' }, { value: 'replace', label: 'replace: cancel the running one' }]} value={form.overlap || null} onChange={(v) => set('overlap', v ?? '')} error={err('schedule.overlap')} />
                    <Switch label="Schedule enabled" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
                  </>
                )}
                <SchedulePreview validation={validation.data} loading={validation.isFetching} timeZone={tz} />
                {validation.error && <Text size="xs" c="red">Preview unavailable: {(validation.error as Error).message}</Text>}
              </Stack>
            </Card>

            <Card withBorder>
              <Stack gap="xs">
                <Button type="submit" loading={save.isPending} disabled={busy}>
                  {jobId ? 'Save changes' : 'Create job'}
                </Button>
                {!jobId && (
                  <Button variant="light" onClick={() => { setTouched(true); adhoc.mutate(); }} loading={adhoc.isPending} disabled={busy}>
                    Run once (ad hoc)
                  </Button>
                )}
                {jobId && (
                  <>
                    <Button variant="light" onClick={() => runNow.mutate()} loading={runNow.isPending} disabled={busy}>Run now</Button>
                    {form.mode !== 'immediate' && (
                      <Button variant="default" onClick={() => pause.mutate(!form.enabled)} loading={pause.isPending} disabled={busy}>
                        {form.enabled ? 'Pause schedule' : 'Resume schedule'}
                      </Button>
                    )}
                    <Button color="red" variant="outline" onClick={() => setConfirmDelete(true)} disabled={busy}>Delete…</Button>
                  </>
                )}
                <Anchor component={Link} to={jobId ? `/jobs/${jobId}` : '/jobs'} size="sm" ta="center">Cancel</Anchor>
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title="Delete this job?">
        <Text size="sm" mb="md">“{form.name}” and its schedule are removed. Runs already recorded stay in the history.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setConfirmDelete(false)}>Keep it</Button>
          <Button color="red" onClick={() => remove.mutate()} loading={remove.isPending}>Delete</Button>
        </Group>
      </Modal>
    </form>
  );
}

function EnvEditor({ value, onChange, error }: { value: { key: string; value: string }[]; onChange: (v: { key: string; value: string }[]) => void; error?: string }) {
  return (
    <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
      <legend style={{ fontSize: 14, fontWeight: 500, marginBottom: 4 }}>Environment variables</legend>
      <Stack gap={4}>
        {value.map((row, i) => (
          <Group key={i} gap="xs" wrap="nowrap">
            <TextInput aria-label={`Variable ${i + 1} name`} placeholder="NAME" value={row.key} onChange={(e) => onChange(value.map((r, j) => (j === i ? { ...r, key: e.currentTarget.value } : r)))} style={{ flex: 1 }} />
            <TextInput aria-label={`Variable ${i + 1} value`} placeholder="value" value={row.value} onChange={(e) => onChange(value.map((r, j) => (j === i ? { ...r, value: e.currentTarget.value } : r)))} style={{ flex: 2 }} />
            <Button variant="subtle" color="gray" aria-label={`Remove variable ${i + 1}`} onClick={() => onChange(value.filter((_, j) => j !== i))}>✕</Button>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="subtle" onClick={() => onChange([...value, { key: '', value: '' }])}>Add variable</Button>
        </Group>
        {error && <Text c="red" size="xs" role="alert">{error}</Text>}
      </Stack>
    </fieldset>
  );
}

