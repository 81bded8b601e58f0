import { useEffect, useRef, useState } from 'react';
import { pendingPath } from '../api/client';
import type { LogChunk, Run } from '../api/types';
import type { LogState } from '../components/LogViewer';
import { LogAssembler, type LogLine, storedLines } from './logLines';
import { followStream } from './sse';

const terminal = new Set(['success', 'failed', 'timed_out', 'cancelled', 'lost']);
export const isTerminal = (status: string | undefined) => terminal.has(status ?? '');

/**
 * A run's output: live through EventSource on /api/runs/{id}/stream until its `end` frame; where that endpoint
 * is not available, the stored output of the run document (refreshed while the run is active).
 */
export function useRunLog(runId: string, run: Run | undefined): { lines: LogLine[]; state: LogState } {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [state, setState] = useState<LogState>('connecting');
  const assembler = useRef(new LogAssembler());

  useEffect(() => {
    assembler.current = new LogAssembler();
    setLines([]);
    setState('connecting');
    let ended = false;
    let storedFinal: LogLine[] | null = null;
    const stop = followStream({
      path: pendingPath(`/api/runs/${encodeURIComponent(runId)}/stream`),
      onFrame: (data) => {
        const frame = data as Partial<LogChunk> & { type?: string; end?: boolean };
        if (frame && typeof frame === 'object' && (frame.type === 'end' || frame.end === true)) {
          finish();
          return;
        }
        if (frame && typeof frame === 'object' && typeof frame.text === 'string') {
          const added = assembler.current.push({ text: frame.text, stream: frame.stream === 'stderr' ? 'stderr' : 'stdout' });
          if (added.length) setLines([...assembler.current.lines]);
        }
      },
      named: {
        // After the run ends the server sends its stored output: the authority for what the run printed (live
        // chunks a poll missed at the very end are in it), so it replaces what was assembled live.
        output: (event) => {
          try {
            const stored = JSON.parse(event.data as string) as { stdout?: string; stderr?: string };
            const replaced = storedLines(stored.stdout, stored.stderr);
            if (replaced.length >= assembler.current.lines.length) {
              assembler.current = new LogAssembler();
              setLines(replaced);
              storedFinal = replaced;
            }
          } catch {
            /* not JSON: keep what arrived live */
          }
        },
        end: () => finish(),
      },
      onState: (s) => {
        if (ended) return;
        if (s === 'live') setState('live');
        else if (s === 'unavailable') setState('unavailable');
      },
    });
    function finish() {
      ended = true;
      assembler.current.flush();
      setLines(storedFinal ?? [...assembler.current.lines]);
      setState('ended');
      stop();
    }
    return () => {
      ended = true;
      stop();
    };
  }, [runId]);

  if (state === 'unavailable' && run) {
    return { lines: storedLines(run.stdout, run.stderr), state: isTerminal(run.status) ? 'stored' : 'unavailable' };
  }
  return { lines, state };
}
