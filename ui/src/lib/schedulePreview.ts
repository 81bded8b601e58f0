import type { NextRun } from '../api/types';
import { parseInstant, zoneOffset } from './time';

export interface PreviewRow {
  at: Date;
  /** UTC offset of the job's time zone at that instant, e.g. GMT+02:00. */
  offset: string;
  /** The zone's offset differs from the previous row's (or from now's, for the first): a DST change lies between. */
  dstChange: boolean;
  /** The server said this occurrence is affected by DST (schedules branch), when it says so. */
  serverDst: boolean;
}

/**
 * Turns the validate endpoint's `next_runs` (ISO instants today; objects with offsets/DST flags once the schedules
 * branch lands) into rows that flag a DST change between consecutive runs in the job's time zone.
 */
export function previewRows(nextRuns: NextRun[], timeZone: string, now: Date): PreviewRow[] {
  let previous = zoneOffset(now, timeZone);
  const rows: PreviewRow[] = [];
  for (const entry of nextRuns) {
    const iso = typeof entry === 'string' ? entry : (entry.at ?? entry.utc ?? null);
    const at = parseInstant(iso);
    if (!at) continue;
    const offset = typeof entry === 'object' && entry.offset ? entry.offset : zoneOffset(at, timeZone);
    const serverDst = typeof entry === 'object' && Boolean(entry.dst_transition ?? entry.dst);
    rows.push({ at, offset, dstChange: offset !== previous, serverDst });
    previous = offset;
  }
  return rows;
}
