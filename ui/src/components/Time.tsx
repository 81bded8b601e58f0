import { Tooltip } from '@mantine/core';
import { formatLocal, formatUtc, relative } from '../lib/time';

/** A timestamp in the viewer's zone; the UTC instant shows on hover (and in the title for assistive tech). */
export function Time({ value, rel = false, zone }: { value: string | null | undefined; rel?: boolean; zone?: string }) {
  if (!value) return <span>—</span>;
  const utc = formatUtc(value);
  return (
    <Tooltip label={`${utc} (UTC)`} openDelay={300}>
      <time dateTime={utc} title={`${utc} UTC`} style={{ whiteSpace: 'nowrap' }}>
        {rel ? relative(value) : formatLocal(value, zone)}
      </time>
    </Tooltip>
  );
}
