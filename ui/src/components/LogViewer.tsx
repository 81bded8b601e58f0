import { Badge, Box, Button, Group, Pagination, SegmentedControl, Text } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LogLine } from '../lib/logLines';

export type LogState = 'connecting' | 'live' | 'ended' | 'stored' | 'unavailable';

const stateLabel: Record<LogState, string> = {
  connecting: 'connecting…',
  live: 'live',
  ended: 'complete',
  stored: 'stored output',
  unavailable: 'live log not available',
};

/**
 * A run's output: stdout/stderr filter, auto-scroll that follows the tail until paused (or until the reader scrolls
 * up), and pages of `pageSize` lines so a large output never renders at once.
 */
export function LogViewer({ lines, state, pageSize = 500, height = 420 }: { lines: LogLine[]; state: LogState; pageSize?: number; height?: number }) {
  const [filter, setFilter] = useState<'all' | 'stdout' | 'stderr'>('all');
  const [follow, setFollow] = useState(true);
  const [page, setPage] = useState(1);
  const box = useRef<HTMLDivElement>(null);

  const visible = useMemo(() => (filter === 'all' ? lines : lines.filter((l) => l.stream === filter)), [lines, filter]);
  const pages = Math.max(1, Math.ceil(visible.length / pageSize));
  const current = follow ? pages : Math.min(page, pages);
  const slice = visible.slice((current - 1) * pageSize, current * pageSize);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [follow, visible.length, current]);

  const pause = () => {
    setPage(current);
    setFollow(false);
  };

  return (
    <Box>
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            aria-label="Which output to show"
            value={filter}
            onChange={(v) => setFilter(v as typeof filter)}
            data={[
              { label: 'stdout + stderr', value: 'all' },
              { label: 'stdout', value: 'stdout' },
              { label: 'stderr', value: 'stderr' },
            ]}
          />
          <Badge variant="dot" color={state === 'live' ? 'green' : state === 'unavailable' ? 'gray' : 'blue'} data-testid="log-state">
            {stateLabel[state]}
          </Badge>
          <Text size="xs" c="dimmed" data-testid="log-count">
            {visible.length} lines
          </Text>
        </Group>
        <Button size="xs" variant="default" onClick={() => (follow ? pause() : setFollow(true))} aria-pressed={follow}>
          {follow ? 'Pause auto-scroll' : 'Follow output'}
        </Button>
      </Group>
      <Box
        ref={box}
        data-testid="log-viewer"
        tabIndex={0}
        aria-label="Run output"
        onScroll={(e) => {
          const el = e.currentTarget;
          if (follow && el.scrollHeight - el.scrollTop - el.clientHeight > 40) pause();
        }}
        style={{ height, overflow: 'auto', background: '#101113', color: '#e9ecef', borderRadius: 6, padding: 8, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: 12 }}
      >
        {slice.length === 0 ? (
          <Text size="xs" c="dimmed">
            {state === 'connecting' || state === 'live' ? 'Waiting for output…' : 'No output.'}
          </Text>
        ) : (
          slice.map((l) => (
            <div key={l.n} data-testid="log-line" data-stream={l.stream} style={{ whiteSpace: 'pre-wrap', color: l.stream === 'stderr' ? '#ff8787' : undefined }}>
              <span style={{ color: '#5c5f66', userSelect: 'none', display: 'inline-block', minWidth: 40 }}>{l.n}</span>
              {l.text}
            </div>
          ))
        )}
      </Box>
      {pages > 1 && (
        <Group justify="center" mt="xs">
          <Pagination
            size="sm"
            total={pages}
            value={current}
            onChange={(p) => {
              setFollow(false);
              setPage(p);
            }}
            getItemProps={(n) => ({ 'aria-label': `page ${n}` })}
          />
        </Group>
      )}
    </Box>
  );
}
