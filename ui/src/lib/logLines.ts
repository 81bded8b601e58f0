import type { LogChunk } from '../api/types';

export interface LogLine {
  n: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/**
 * Assembles streamed chunks into whole lines per stream. A chunk may end mid-line; the rest waits for the next
 * chunk of the same stream (or for flush at the end of the run).
 */
export class LogAssembler {
  private readonly partial: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };
  private count = 0;
  readonly lines: LogLine[] = [];

  push(chunk: Pick<LogChunk, 'text' | 'stream'>): LogLine[] {
    const stream: LogLine["stream"] = chunk.stream === "stderr" ? "stderr" : "stdout";
    const text = this.partial[stream] + (chunk.text ?? '');
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    const added = parts.map((p) => ({ n: ++this.count, stream, text: p.replace(/\r$/, '') }));
    this.lines.push(...added);
    return added;
  }

  /** Emits what is left of unterminated lines (the run ended). */
  flush(): LogLine[] {
    const added: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream]) {
        added.push({ n: ++this.count, stream, text: this.partial[stream] });
        this.partial[stream] = '';
      }
    }
    this.lines.push(...added);
    return added;
  }
}

/** Stored output of a finished run as lines (when no live stream is available). */
export function storedLines(stdout: string | null | undefined, stderr: string | null | undefined): LogLine[] {
  const a = new LogAssembler();
  if (stdout) a.push({ stream: 'stdout', text: stdout.endsWith('\n') ? stdout : stdout + '\n' });
  if (stderr) a.push({ stream: 'stderr', text: stderr.endsWith('\n') ? stderr : stderr + '\n' });
  return a.lines;
}
