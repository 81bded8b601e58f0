import type { Job } from '../api/types';

export type ExecutorType = 'shell' | 'batch' | 'python' | 'external';
export type Mode = 'immediate' | 'interval' | 'cron' | 'at';
export type IntervalUnit = 's' | 'min' | 'h' | 'd';
export const unitSeconds: Record<IntervalUnit, number> = { s: 1, min: 60, h: 3600, d: 86400 };

/** The editor's state: flat, strings where the user types, converted to the job document on the way out. */
export interface JobForm {
  name: string;
  user: string;
  priority: number | string;
  timeout: number | string;
  retries: number | string;
  backoffInitial: number | string;
  backoffMax: number | string;
  backoffFactor: number | string;
  executorType: ExecutorType;
  script: string;
  shell: string;
  code: string;
  interpreter: string;
  pyEnvType: string;
  pythonVersion: string;
  venvPath: string;
  requirements: string[];
  requirementsFile: string;
  command: string;
  args: string[];
  env: { key: string; value: string }[];
  workdir: string;
  os: string[];
  tags: string[];
  allowedUsers: string[];
  hostnames: string[];
  exitCodes: string[];
  stdoutContains: string[];
  stdoutNotContains: string[];
  stderrContains: string[];
  stderrNotContains: string[];
  mode: Mode;
  intervalValue: number | string;
  intervalUnit: IntervalUnit;
  cron: string;
  timezone: string;
  /** datetime-local strings, in the viewer's zone */
  runAt: string;
  startAt: string;
  endAt: string;
  enabled: boolean;
  misfire: string;
  overlap: string;
}

export function emptyForm(): JobForm {
  return {
    name: '',
    user: '',
    priority: 5,
    timeout: 0,
    retries: 0,
    backoffInitial: '',
    backoffMax: '',
    backoffFactor: '',
    executorType: 'shell',
    script: '',
    shell: 'bash',
    code: '',
    interpreter: 'python3',
    pyEnvType: 'system',
    pythonVersion: '',
    venvPath: '',
    requirements: [],
    requirementsFile: '',
    command: '',
    args: [],
    env: [],
    workdir: '',
    os: [],
    tags: [],
    allowedUsers: [],
    hostnames: [],
    exitCodes: ['0'],
    stdoutContains: [],
    stdoutNotContains: [],
    stderrContains: [],
    stderrNotContains: [],
    mode: 'immediate',
    intervalValue: 5,
    intervalUnit: 'min',
    cron: '0 * * * *',
    timezone: 'UTC',
    runAt: '',
    startAt: '',
    endAt: '',
    enabled: true,
    misfire: '',
    overlap: '',
  };
}

const num = (v: number | string): number | undefined => {
  if (v === '' || v === null || v === undefined) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** datetime-local (viewer's zone) → ISO instant in UTC. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** ISO instant → datetime-local value in the viewer's zone. */
export function isoToLocalInput(value: string | null | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function bestUnit(seconds: number): { value: number; unit: IntervalUnit } {
  for (const unit of ['d', 'h', 'min'] as const) {
    if (seconds >= unitSeconds[unit] && seconds % unitSeconds[unit] === 0) return { value: seconds / unitSeconds[unit], unit };
  }
  return { value: seconds, unit: 's' };
}

/** The job document the form describes (what POST /jobs, PUT /jobs/{id} and POST /jobs/validate take). */
export function toDocument(f: JobForm): Job & Record<string, unknown> {
  const executor: Record<string, unknown> = { type: f.executorType, args: f.args, env: Object.fromEntries(f.env.filter((e) => e.key).map((e) => [e.key, e.value])) };
  if (f.workdir) executor.workdir = f.workdir;
  switch (f.executorType) {
    case 'shell':
      executor.script = f.script;
      executor.shell = f.shell || 'bash';
      break;
    case 'batch':
      executor.script = f.script;
      executor.shell = 'cmd';
      break;
    case 'python':
      executor.code = f.code;
      executor.interpreter = f.interpreter || 'python3';
      executor.environment = {
        type: f.pyEnvType || 'system',
        python_version: f.pythonVersion || null,
        venv_path: f.venvPath || null,
        requirements: f.requirements,
        requirements_file: f.requirementsFile || null,
      };
      break;
    case 'external':
      executor.command = f.command;
      break;
  }

  const schedule: Record<string, unknown> = { mode: f.mode, timezone: f.timezone || 'UTC', enabled: f.enabled };
  if (f.mode === 'interval') schedule.interval_seconds = Math.round((num(f.intervalValue) ?? 0) * unitSeconds[f.intervalUnit]);
  if (f.mode === 'cron') schedule.cron = f.cron;
  if (f.mode === 'at') schedule.run_at = localInputToIso(f.runAt);
  if (f.mode !== 'immediate') {
    schedule.start_at = localInputToIso(f.startAt);
    schedule.end_at = localInputToIso(f.endAt);
  }
  if (f.misfire) schedule.misfire = f.misfire;
  if (f.overlap) schedule.overlap = f.overlap;

  const doc: Job & Record<string, unknown> = {
    name: f.name,
    user: f.user || null,
    executor: executor as Job['executor'],
    affinity: { os: f.os, tags: f.tags, allowed_users: f.allowedUsers, hostnames: f.hostnames },
    completion: {
      exit_codes: f.exitCodes.map((c) => Number(c)).filter((c) => Number.isInteger(c)),
      stdout_contains: f.stdoutContains,
      stdout_not_contains: f.stdoutNotContains,
      stderr_contains: f.stderrContains,
      stderr_not_contains: f.stderrNotContains,
    },
    schedule: schedule as Job['schedule'],
    retries: num(f.retries) ?? 0,
    timeout: num(f.timeout) ?? 0,
    priority: num(f.priority) ?? 5,
  };
  const backoff = { initial_seconds: num(f.backoffInitial), max_seconds: num(f.backoffMax), factor: num(f.backoffFactor) };
  if (Object.values(backoff).some((v) => v !== undefined)) doc.retry_backoff = backoff;
  return doc;
}

export function fromDocument(job: Job & Record<string, unknown>): JobForm {
  const f = emptyForm();
  const e = (job.executor ?? {}) as NonNullable<Job['executor']>;
  const s = (job.schedule ?? {}) as NonNullable<Job['schedule']> & { run_at?: string | null; misfire?: string | null; overlap?: string | null };
  const interval = bestUnit(s.interval_seconds ?? 300);
  return {
    ...f,
    name: job.name ?? '',
    user: job.user ?? '',
    priority: job.priority ?? 5,
    timeout: job.timeout ?? 0,
    retries: job.retries ?? 0,
    backoffInitial: job.retry_backoff?.initial_seconds ?? '',
    backoffMax: job.retry_backoff?.max_seconds ?? '',
    backoffFactor: job.retry_backoff?.factor ?? '',
    executorType: (e.type as ExecutorType) ?? 'shell',
    script: e.script ?? '',
    shell: e.type === 'shell' ? (e.shell ?? 'bash') : 'bash',
    code: e.code ?? e.script ?? '',
    interpreter: e.interpreter ?? 'python3',
    pyEnvType: e.environment?.type ?? 'system',
    pythonVersion: e.environment?.python_version ?? '',
    venvPath: e.environment?.venv_path ?? '',
    requirements: e.environment?.requirements ?? [],
    requirementsFile: e.environment?.requirements_file ?? '',
    command: e.command ?? '',
    args: e.args ?? [],
    env: Object.entries(e.env ?? {}).map(([key, value]) => ({ key, value: String(value) })),
    workdir: e.workdir ?? '',
    os: job.affinity?.os ?? [],
    tags: job.affinity?.tags ?? [],
    allowedUsers: job.affinity?.allowed_users ?? [],
    hostnames: job.affinity?.hostnames ?? [],
    exitCodes: (job.completion?.exit_codes ?? [0]).map(String),
    stdoutContains: job.completion?.stdout_contains ?? [],
    stdoutNotContains: job.completion?.stdout_not_contains ?? [],
    stderrContains: job.completion?.stderr_contains ?? [],
    stderrNotContains: job.completion?.stderr_not_contains ?? [],
    mode: ((s.mode as Mode) ?? 'immediate'),
    intervalValue: interval.value,
    intervalUnit: interval.unit,
    cron: s.cron ?? '0 * * * *',
    timezone: s.timezone ?? 'UTC',
    runAt: isoToLocalInput(s.run_at),
    startAt: isoToLocalInput(s.start_at),
    endAt: isoToLocalInput(s.end_at),
    enabled: s.enabled ?? true,
    misfire: s.misfire ?? '',
    overlap: s.overlap ?? '',
  };
}

/**
 * Server field paths (`executor.script`, `affinity.tags[2]`, `schedule.interval_seconds`) → messages for one
 * control. A control owns a path and everything under it (`affinity.tags` owns `affinity.tags[2]`).
 */
export function errorsFor(fieldErrors: Record<string, string[]>, ...paths: string[]): string | undefined {
  const messages: string[] = [];
  for (const [field, list] of Object.entries(fieldErrors)) {
    if (paths.some((p) => field === p || field.startsWith(p + '.') || field.startsWith(p + '['))) {
      messages.push(...list.map((m) => (field === paths[0] ? m : `${field}: ${m}`)));
    }
  }
  return messages.length ? messages.join('; ') : undefined;
}

/** Every field path the editor has a control for; errors on other paths are listed at the top of the form. */
export const editorFields = [
  'name', 'user', 'priority', 'timeout', 'retries', 'retry_backoff', 'executor', 'affinity', 'completion', 'schedule',
];
