// The step of a range query: about 60–120 points whatever the range (a chart has no use for
// more), rounded to a step people read easily, and never under the scrape interval (a finer
// step only repeats samples).

const NICE_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400];

export const MAX_POINTS = 120;

export function pickStep(rangeMs: number, minStepMs = 15_000): number {
  const wantedMs = Math.max(rangeMs / MAX_POINTS, minStepMs);
  const nice = NICE_STEPS_S.find((s) => s * 1000 >= wantedMs);
  return nice !== undefined ? nice * 1000 : Math.ceil(wantedMs / 86_400_000) * 86_400_000;
}

/** The step ends of a range: `fromMs + step, …` up to `toMs` (each point covers the step before it). */
export function stepEnds(fromMs: number, toMs: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = fromMs + stepMs; t <= toMs; t += stepMs) out.push(t);
  return out;
}
