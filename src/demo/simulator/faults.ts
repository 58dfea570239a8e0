// Rare, short fault bursts on top of the steady behaviour. Time is cut into fixed slots; in
// each slot each workload has a small seeded chance of one burst lying inside the slot, so
// whether a tick is inside a burst is a pure function of (seed, workload, tick).

import { rngFor } from '../random.js';

/**
 * `upstream-reset`: the caller's proxy cannot reach the workload (Envoy answers 503 with
 * `UF,URX`; the destination never sees those requests). `overload`: the workload answers 503
 * itself. `slowdown`: latency multiplies.
 */
export type FaultKind = 'upstream-reset' | 'overload' | 'slowdown';

export interface FaultConfig {
  /** Expected bursts per hour per workload. */
  burstsPerHour: number;
  slotMs: number;
  minDurationMs: number;
  maxDurationMs: number;
}

export const DEFAULT_FAULTS: FaultConfig = { burstsPerHour: 0.25, slotMs: 10 * 60_000, minDurationMs: 20_000, maxDurationMs: 90_000 };

export interface FaultBurst {
  workload: string;
  kind: FaultKind;
  startMs: number;
  endMs: number;
  /** Fraction of requests affected (resets, overload), or the latency factor (slowdown). */
  severity: number;
}

export const ALL_FAULT_KINDS: readonly FaultKind[] = ['upstream-reset', 'overload', 'slowdown'];
const FAULT_STREAM = 0xfa17;

/** A workload that can have bursts, and which kinds make sense for it (TCP servers only reset). */
export interface FaultTarget {
  name: string;
  index: number;
  kinds: readonly FaultKind[];
}

/** The burst of one workload in one slot, if it has one. */
export function burstInSlot(seed: number, workload: FaultTarget, slot: number, config: FaultConfig): FaultBurst | undefined {
  if (config.burstsPerHour <= 0 || workload.kinds.length === 0) return undefined;
  const rng = rngFor(seed, FAULT_STREAM, workload.index, slot);
  const chance = config.burstsPerHour * (config.slotMs / 3_600_000);
  if (rng() >= chance) return undefined;
  const kind = workload.kinds[Math.floor(rng() * workload.kinds.length)]!;
  const durationSteps = Math.floor((config.maxDurationMs - config.minDurationMs) / 1000) + 1;
  const duration = config.minDurationMs + Math.floor(rng() * durationSteps) * 1000;
  const offsetSteps = Math.max(1, Math.floor((config.slotMs - duration) / 1000));
  const startMs = slot * config.slotMs + Math.floor(rng() * offsetSteps) * 1000;
  const severity = kind === 'slowdown' ? 3 + rng() * 5 : 0.2 + rng() * 0.4;
  return { workload: workload.name, kind, startMs, endMs: startMs + duration, severity };
}

/** The burst a workload is in at tick `tick` (covering [tick·1000, tick·1000+1000)). */
export function burstAt(seed: number, workload: FaultTarget, tick: number, config: FaultConfig): FaultBurst | undefined {
  const ms = tick * 1000;
  const burst = burstInSlot(seed, workload, Math.floor(ms / config.slotMs), config);
  return burst && burst.startMs <= ms && ms < burst.endMs ? burst : undefined;
}

/** Every burst of the given workloads overlapping [fromMs, toMs), in time order. */
export function burstsBetween(seed: number, workloads: readonly FaultTarget[], fromMs: number, toMs: number, config: FaultConfig): FaultBurst[] {
  const out: FaultBurst[] = [];
  for (let slot = Math.floor(fromMs / config.slotMs); slot * config.slotMs < toMs; slot++) {
    for (const w of workloads) {
      const b = burstInSlot(seed, w, slot, config);
      if (b && b.endMs > fromMs && b.startMs < toMs) out.push(b);
    }
  }
  return out.sort((a, b) => a.startMs - b.startMs || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0));
}
