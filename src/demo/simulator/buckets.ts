// Histogram buckets as Istio's proxies export them. Istio (1.15) configures no buckets of its
// own for its standard metrics, so Envoy's defaults (HistogramSettingsImpl::defaultBuckets)
// apply to all three histograms: duration in milliseconds, request and response size in bytes.

export const ENVOY_DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000,
]);

export const DURATION_BUCKETS_MS = ENVOY_DEFAULT_BUCKETS;
export const BYTES_BUCKETS = ENVOY_DEFAULT_BUCKETS;

/** Number of bins including the `+Inf` overflow bin. */
export const BIN_COUNT = ENVOY_DEFAULT_BUCKETS.length + 1;

// A private typed copy: the per-request hot path scans it linearly (most values fall low).
const DEFAULT_BOUNDS = Float64Array.from(ENVOY_DEFAULT_BUCKETS);

/** The bin of a value over the default buckets: the first bound it does not exceed, or `+Inf`. */
export function defaultBinOf(value: number): number {
  const n = DEFAULT_BOUNDS.length;
  for (let i = 0; i < n; i++) if (value <= DEFAULT_BOUNDS[i]!) return i;
  return n;
}

/** The bin a value falls in: the first bound it does not exceed (`le`), or the `+Inf` bin. */
export function binOf(value: number, bounds: readonly number[]): number {
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= bounds[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Per-bin counts → cumulative `_bucket` counts (the last one is `+Inf`, equal to the total). */
export function cumulate(bins: ArrayLike<number>): number[] {
  const out: number[] = new Array<number>(bins.length);
  let running = 0;
  for (let i = 0; i < bins.length; i++) {
    running += bins[i]!;
    out[i] = running;
  }
  return out;
}

/**
 * The q-quantile of a histogram, interpolated linearly inside the bucket as PromQL's
 * histogram_quantile does (the lowest bucket starts at 0; a quantile in `+Inf` returns the
 * highest finite bound). NaN for an empty histogram.
 */
export function histogramQuantile(q: number, bounds: readonly number[], cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  if (total === 0 || Number.isNaN(q)) return NaN;
  if (q <= 0) return 0;
  if (q >= 1) return bounds[bounds.length - 1] ?? NaN;
  const rank = q * total;
  let i = 0;
  while (i < cumulative.length - 1 && cumulative[i]! < rank) i++;
  if (i >= bounds.length) return bounds[bounds.length - 1]!;
  const upper = bounds[i]!;
  const lower = i === 0 ? 0 : bounds[i - 1]!;
  const below = i === 0 ? 0 : cumulative[i - 1]!;
  const inBucket = cumulative[i]! - below;
  return inBucket === 0 ? upper : lower + (upper - lower) * ((rank - below) / inBucket);
}
