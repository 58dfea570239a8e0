// The API's health timeline (Workload.healthTimeline, Service.healthTimeline).

export interface HealthCell {
  from: string;
  to: string;
  state: string;
  score: number | null;
  reasons: string[];
  drivenBy: string | null;
}

export interface HealthTimeline {
  from: string;
  to: string;
  stepSeconds: number;
  cells: HealthCell[];
}

/** The state of the latest cells: the worst among the last five that could be judged. */
export function latestState(timeline: HealthTimeline | null | undefined): string {
  const known = (timeline?.cells ?? []).slice(-5).filter((c) => c.state !== 'unknown');
  for (const s of ['failing', 'degraded', 'healthy']) if (known.some((c) => c.state === s)) return s;
  return 'unknown';
}
