import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Run } from '../api/types';

const outcomeColors: Record<string, string> = { success: '#2f9e44', failed: '#e03131', timed_out: '#f76707', cancelled: '#868e96', lost: '#9c36b5' };

/** Duration of each finished run over time, one colour per outcome. */
export function RunsChart({ runs }: { runs: Run[] }) {
  const finished = runs.filter((r) => r.end_ts && r.duration !== null && r.duration !== undefined);
  const outcomes = [...new Set(finished.map((r) => r.status))];
  if (finished.length === 0) return null;
  return (
    <div style={{ width: '100%', height: 220 }} data-testid="runs-chart" aria-label="Duration and outcome of recent runs" role="img">
      <ResponsiveContainer>
        <ScatterChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            name="ended"
            tickFormatter={(t: number) => new Date(t).toLocaleTimeString()}
            fontSize={11}
          />
          <YAxis dataKey="d" name="duration" unit=" s" fontSize={11} width={56} />
          <Tooltip
            formatter={(value, name) => (name === 'ended' ? new Date(Number(value)).toLocaleString() : `${value} s`)}
          />
          <Legend />
          {outcomes.map((o) => (
            <Scatter
              key={o}
              name={o}
              isAnimationActive={false}
              fill={outcomeColors[o] ?? '#1c7ed6'}
              data={finished.filter((r) => r.status === o).map((r) => ({ t: new Date(r.end_ts!).getTime(), d: r.duration }))}
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
