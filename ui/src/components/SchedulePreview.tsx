import { Alert, Badge, Loader, Table, Text, Tooltip } from '@mantine/core';
import type { Validation } from '../api/types';
import { previewRows } from '../lib/schedulePreview';
import { formatLocal, formatUtc, viewerZone } from '../lib/time';

/** The next runs from POST /api/jobs/validate: in the viewer's zone, the job's zone and UTC, DST changes flagged. */
export function SchedulePreview({
  validation,
  loading,
  timeZone,
  now = new Date(),
}: {
  validation: Validation | undefined;
  loading: boolean;
  timeZone: string;
  now?: Date;
}) {
  const rows = validation ? previewRows(validation.next_runs, timeZone, now) : [];
  const local = viewerZone();
  return (
    <div data-testid="schedule-preview" aria-live="polite">
      <Text fw={600} size="sm" mb={4}>
        Next runs {loading && <Loader size="xs" ml={4} />}
      </Text>
      {!validation ? (
        <Text size="sm" c="dimmed">
          The preview appears once the job can be checked.
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="preview-none">
          {validation.valid ? 'No upcoming runs (immediate, paused or past its end).' : 'Fix the errors to see the next runs.'}
        </Text>
      ) : (
        <Table striped withTableBorder fz="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>Your time ({local})</Table.Th>
              {timeZone !== local && <Table.Th>Job zone ({timeZone})</Table.Th>}
              <Table.Th>UTC</Table.Th>
              <Table.Th>Offset</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r, i) => (
              <Table.Tr key={r.at.toISOString()} data-testid="preview-row">
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>{formatLocal(r.at)}</Table.Td>
                {timeZone !== local && <Table.Td>{formatLocal(r.at, timeZone)}</Table.Td>}
                <Table.Td>{formatUtc(r.at)}</Table.Td>
                <Table.Td>
                  {r.offset}{' '}
                  {(r.dstChange || r.serverDst) && (
                    <Tooltip label={`The UTC offset of ${timeZone} changes before this run (daylight saving time).`}>
                      <Badge size="xs" color="orange" data-testid="dst-flag">
                        DST
                      </Badge>
                    </Tooltip>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {validation && !validation.valid && validation.errors.length > 0 && (
        <Alert color="red" mt="xs" p="xs" title="Not valid yet">
          <Text size="xs">{validation.errors.length} problem(s) — see the marked fields.</Text>
        </Alert>
      )}
    </div>
  );
}
