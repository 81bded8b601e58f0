/** Times are shown in the viewer's zone, with the UTC instant on hover. */

export function parseInstant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatLocal(value: string | Date | null | undefined, timeZone?: string): string {
  const d = value instanceof Date ? value : parseInstant(value);
  if (!d) return '—';
  return d.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZone,
  });
}

export function formatUtc(value: string | Date | null | undefined): string {
  const d = value instanceof Date ? value : parseInstant(value);
  return d ? d.toISOString().replace('.000Z', 'Z') : '';
}

/** "GMT+01:00" style offset of a time zone at an instant ("GMT" for UTC itself). */
export function zoneOffset(instant: Date, timeZone: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(instant)
      .find((p) => p.type === 'timeZoneName');
    return part?.value ?? 'GMT';
  } catch {
    return 'GMT';
  }
}

export function isValidZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function relative(value: string | Date | null | undefined, now: Date = new Date()): string {
  const d = value instanceof Date ? value : parseInstant(value);
  if (!d) return '—';
  const s = Math.round((d.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(s);
  const [n, unit] =
    abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.round(abs / 60), 'm'] : abs < 86400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86400), 'd'];
  return s >= 0 ? `in ${n}${unit}` : `${n}${unit} ago`;
}

export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value < 1) return `${Math.round(value * 1000)} ms`;
  if (value < 120) return `${value.toFixed(value < 10 ? 2 : 1)} s`;
  return `${Math.floor(value / 60)}m ${Math.round(value % 60)}s`;
}

export function millis(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : seconds(value / 1000);
}

/** Interval seconds as a human phrase: 300 → "5 min". */
export function everyPhrase(secondsValue: number): string {
  if (secondsValue % 86400 === 0) return `${secondsValue / 86400} d`;
  if (secondsValue % 3600 === 0) return `${secondsValue / 3600} h`;
  if (secondsValue % 60 === 0) return `${secondsValue / 60} min`;
  return `${secondsValue} s`;
}
