import { statusColor } from './StatusBadge';

const palette: Record<string, string> = { green: '#2f9e44', red: '#e03131', orange: '#f76707', gray: '#868e96', blue: '#1c7ed6', cyan: '#1098ad', grape: '#9c36b5', yellow: '#f59f00' };

/** Recent durations as tiny bars, oldest first, coloured by outcome (plain SVG: hundreds per page stay cheap). */
export function Sparkline({ points, width = 96, height = 22 }: { points: { duration: number | null | undefined; status: string }[]; width?: number; height?: number }) {
  if (points.length === 0) return <span aria-label="no runs yet">—</span>;
  const max = Math.max(0.001, ...points.map((p) => p.duration ?? 0));
  const w = width / Math.max(points.length, 12);
  return (
    <svg width={width} height={height} role="img" aria-label={`durations of the last ${points.length} runs`}>
      {points.map((p, i) => {
        const h = Math.max(2, ((p.duration ?? 0) / max) * (height - 2));
        return <rect key={i} x={i * w} y={height - h} width={Math.max(1, w - 1)} height={h} fill={palette[statusColor(p.status)] ?? '#868e96'} />;
      })}
    </svg>
  );
}
