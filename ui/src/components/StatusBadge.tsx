import { Badge } from '@mantine/core';

const colors: Record<string, string> = {
  success: 'green',
  failed: 'red',
  timed_out: 'orange',
  cancelled: 'gray',
  lost: 'grape',
  queued: 'blue',
  running: 'cyan',
  skipped: 'gray',
  missed: 'yellow',
  online: 'green',
  offline: 'red',
  draining: 'yellow',
  disabled: 'gray',
};

export function statusColor(status: string | null | undefined): string {
  return colors[status ?? ''] ?? 'gray';
}

export function StatusBadge({ status }: { status: string | null | undefined }) {
  return (
    <Badge color={statusColor(status)} variant="light" data-status={status ?? ''}>
      {status ? status.replace('_', ' ') : 'never run'}
    </Badge>
  );
}
