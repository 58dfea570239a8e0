// Merging traffic: rates add up, error rates are weighted by requests, percentiles take the
// largest (an upper bound: percentiles cannot be combined without histograms), mTLS is
// `mixed` when the parts disagree.
//
// Sums are kept in fixed point (integers in a double: rates in 1e-6/s, bytes in 1e-3 B/s).
// Integer sums below 2^53 are exact, so the result does not depend on the order the traffic
// arrives in, with no sorting; the cost is rounding each input to those units.

import type { EdgeTraffic, MtlsState } from '../traffic/types.js';

const RATE_UNITS = 1e6;
const BYTE_UNITS = 1e3;

const maxDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

export const mergeMtls = (a: MtlsState, b: MtlsState): MtlsState => (a === b ? a : 'mixed');

export class TrafficSum {
  private rpsUnits = 0;
  private errorUnits = 0;
  private bytesUnits = 0;
  private connectionUnits = 0;
  p50Ms: number | undefined = undefined;
  p95Ms: number | undefined = undefined;
  p99Ms: number | undefined = undefined;
  /** `undefined` until something is added. */
  mtls: MtlsState | undefined = undefined;

  add(t: EdgeTraffic): void {
    this.rpsUnits += Math.round(t.requestsPerSecond * RATE_UNITS);
    this.errorUnits += Math.round(t.requestsPerSecond * t.errorRate * RATE_UNITS);
    this.bytesUnits += Math.round(t.bytesPerSecond * BYTE_UNITS);
    this.connectionUnits += Math.round(t.connectionsPerSecond * RATE_UNITS);
    this.p50Ms = maxDefined(this.p50Ms, t.p50Ms);
    this.p95Ms = maxDefined(this.p95Ms, t.p95Ms);
    this.p99Ms = maxDefined(this.p99Ms, t.p99Ms);
    this.mtls = this.mtls === undefined ? t.mtls : mergeMtls(this.mtls, t.mtls);
  }

  addSum(s: TrafficSum): void {
    this.rpsUnits += s.rpsUnits;
    this.errorUnits += s.errorUnits;
    this.bytesUnits += s.bytesUnits;
    this.connectionUnits += s.connectionUnits;
    this.p50Ms = maxDefined(this.p50Ms, s.p50Ms);
    this.p95Ms = maxDefined(this.p95Ms, s.p95Ms);
    this.p99Ms = maxDefined(this.p99Ms, s.p99Ms);
    if (s.mtls !== undefined) this.mtls = this.mtls === undefined ? s.mtls : mergeMtls(this.mtls, s.mtls);
  }

  get rps(): number { return this.rpsUnits / RATE_UNITS; }
  /** Failed requests over all requests; 0 without requests (TCP). */
  get errorRate(): number { return this.rpsUnits > 0 ? this.errorUnits / this.rpsUnits : 0; }
  get bytesPerSecond(): number { return this.bytesUnits / BYTE_UNITS; }
  get connectionsPerSecond(): number { return this.connectionUnits / RATE_UNITS; }
}

/** The merge of some traffic edges, as one sum. */
export function mergeTraffic(parts: Iterable<EdgeTraffic>): TrafficSum {
  const sum = new TrafficSum();
  for (const t of parts) sum.add(t);
  return sum;
}
