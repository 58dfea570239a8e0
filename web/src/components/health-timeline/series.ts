// Chart series derived from the API's: success rate is what the health score reads, the API
// serves its complement (error rate).
import type { MetricSeries } from '../TimeSeriesChart';

export function successRate(errorRate: MetricSeries | null | undefined): MetricSeries | null {
  if (!errorRate) return null;
  return { ...errorRate, values: errorRate.values?.map((v) => (v === null ? null : 1 - v)) ?? null };
}

/** A 0..1 series in percent, for charts labelled in %. */
export function percent(series: MetricSeries | null | undefined): MetricSeries | null {
  if (!series) return null;
  return { ...series, values: series.values?.map((v) => (v === null ? null : v * 100)) ?? null };
}
