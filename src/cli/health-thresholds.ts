// `--health-thresholds FILE`: an installation's own health thresholds (YAML or JSON, any subset
// of the documented fields). Checked at the boundary: unknown fields, wrong types and bands out
// of order are usage errors naming the field, before the server starts.

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { InvalidHealthThresholdsError, resolveThresholds, type HealthThresholdsInput } from '../core/health/index.js';
import { usageError } from './errors.js';

const band = z.strictObject({ good: z.number(), degraded: z.number(), failing: z.number() }).partial();
const thresholdsSchema = z.strictObject({
  successRate: band,
  latency: z.strictObject({
    baselineRatio: band,
    absoluteMs: band,
    baselineSteps: z.number().int().positive(),
    minBaselineSamples: z.number().int().nonnegative(),
    baselineFloorMs: z.number().nonnegative(),
  }).partial(),
  saturation: band,
  minRequestsPerSecond: z.number().nonnegative(),
}).partial();

export function parseHealthThresholds(text: string, source: string): HealthThresholdsInput {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw usageError(`--health-thresholds ${source}: not YAML or JSON: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  const parsed = thresholdsSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw usageError(`--health-thresholds ${source}: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  try {
    resolveThresholds(parsed.data);
  } catch (e) {
    if (e instanceof InvalidHealthThresholdsError) throw usageError(`--health-thresholds ${source}: ${e.message}`);
    throw e;
  }
  return parsed.data;
}

export function readHealthThresholds(file: string | undefined): HealthThresholdsInput | undefined {
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw usageError(`--health-thresholds ${file}: cannot read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return parseHealthThresholds(text, file);
}
