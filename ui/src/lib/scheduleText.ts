import type { Job } from '../api/types';
import { everyPhrase } from './time';

/** One line describing a job's schedule: "every 5 min", "cron 0 2 * * * (Europe/Berlin)", "once", "paused". */
export function scheduleText(job: Pick<Job, 'schedule'>): string {
  const s = (job.schedule ?? {}) as NonNullable<Job['schedule']> & { run_at?: string | null };
  const paused = s.enabled === false && s.mode !== 'immediate' ? ' · paused' : '';
  switch (s.mode) {
    case 'interval':
      return `every ${everyPhrase(s.interval_seconds ?? 0)}${paused}`;
    case 'cron':
      return `cron ${s.cron ?? ''}${s.timezone && s.timezone !== 'UTC' ? ` (${s.timezone})` : ''}${paused}`;
    case 'at':
      return `once at ${s.run_at ?? '?'}${paused}`;
    default:
      return 'on demand';
  }
}
