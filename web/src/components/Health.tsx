// Health shown the same way everywhere: a coloured dot and a word.
export type HealthState = 'healthy' | 'degraded' | 'failing' | 'unknown';

const tone: Record<HealthState, string> = { healthy: 'ok', degraded: 'warn', failing: 'bad', unknown: '' };

export function healthTone(h: string | null | undefined): string {
  return tone[(h ?? 'unknown') as HealthState] ?? '';
}

export function HealthBadge({ health, reason }: { health: string | null | undefined; reason?: string | null }) {
  const h = health ?? 'unknown';
  return <span className={`badge ${healthTone(h)}`} title={reason ?? undefined} data-health={h}><span className={`dot ${healthTone(h)}`} /> {h}</span>;
}
