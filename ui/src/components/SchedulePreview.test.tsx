import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Validation } from '../api/types';
import { previewRows } from '../lib/schedulePreview';
import { renderWithProviders } from '../test/render';
import { SchedulePreview } from './SchedulePreview';

// Daily at 02:30 Europe/Berlin across the spring-forward night of 2026-03-29 (CET +01:00 → CEST +02:00).
const berlin: Validation = {
  valid: true,
  errors: [],
  field_errors: {},
  next_run_at: '2026-03-27T01:30:00Z',
  next_runs: ['2026-03-27T01:30:00Z', '2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z', '2026-03-31T00:30:00Z'],
};
const now = new Date('2026-03-26T12:00:00Z');

describe('schedule preview', () => {
  it('lists each next run in UTC with the zone offset and flags the DST change', () => {
    renderWithProviders(<SchedulePreview validation={berlin} loading={false} timeZone="Europe/Berlin" now={now} />);
    const rows = screen.getAllByTestId('preview-row');
    expect(rows).toHaveLength(5);
    expect(within(rows[0]!).getByText('2026-03-27T01:30:00Z')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('GMT+01:00');
    expect(rows[2]).toHaveTextContent('GMT+02:00');
    // Only the first run after the transition is flagged.
    expect(within(rows[2]!).getByTestId('dst-flag')).toBeInTheDocument();
    expect(screen.getAllByTestId('dst-flag')).toHaveLength(1);
  });

  it('shows the time in the job zone next to the viewer zone and UTC', () => {
    renderWithProviders(<SchedulePreview validation={berlin} loading={false} timeZone="Europe/Berlin" now={now} />);
    expect(screen.getByText('Job zone (Europe/Berlin)')).toBeInTheDocument();
    expect(screen.getByText('UTC')).toBeInTheDocument();
  });

  it('says why there is nothing to preview', () => {
    const none = { ...berlin, next_runs: [], next_run_at: null };
    const { unmount } = renderWithProviders(<SchedulePreview validation={none} loading={false} timeZone="UTC" now={now} />);
    expect(screen.getByTestId('preview-none')).toHaveTextContent('No upcoming runs');
    unmount();
    renderWithProviders(<SchedulePreview validation={{ ...none, valid: false, errors: ['schedule.cron is bad'] }} loading={false} timeZone="UTC" now={now} />);
    expect(screen.getByTestId('preview-none')).toHaveTextContent('Fix the errors');
  });

  it('takes the server DST flags and offsets when the API sends them', () => {
    const rows = previewRows([{ at: '2026-10-25T01:30:00Z', offset: 'GMT+01:00', dst_transition: true }, '2026-10-26T01:30:00Z'], 'Europe/Berlin', new Date('2026-10-25T00:00:00Z'));
    expect(rows[0]).toMatchObject({ offset: 'GMT+01:00', serverDst: true });
    expect(rows[1]?.dstChange).toBe(false);
  });

  it('in a zone without DST nothing is flagged', () => {
    const rows = previewRows(['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z'], 'UTC', now);
    expect(rows.every((r) => !r.dstChange && r.offset === rows[0]!.offset)).toBe(true);
  });
});
