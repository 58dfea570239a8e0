// Point-by-point transforms of the API's metric series for the health charts.
import type { MetricSeries } from '../../components/TimeSeriesChart';

/** Each value through `f`; gaps (null) stay gaps. */
export function mapSeries(s: MetricSeries | null | undefined, f: (v: number) => number): MetricSeries | undefined {
  if (!s) return undefined;
  return { ...s, values: s.values?.map((v) => (v === null ? null : f(v))) ?? null };
}

/** Success rate in percent from an error-rate series (0..1). */
export function successPercent(errorRate: MetricSeries | null | undefined): MetricSeries | undefined {
  return mapSeries(errorRate, (v) => (1 - v) * 100);
}
