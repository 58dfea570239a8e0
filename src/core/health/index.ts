export {
  DEFAULT_HEALTH_THRESHOLDS,
  InvalidHealthThresholdsError,
  resolveThresholds,
  validateThresholds,
  type HealthThresholds,
  type HealthThresholdsInput,
  type LatencyThresholds,
  type ThresholdBand,
  type ThresholdProblem,
} from './thresholds.js';
export {
  bandScore,
  currentHealth,
  healthScore,
  worseState,
  type HealthPoint,
  type HealthSignal,
  type HealthState,
  type HealthSummary,
  type HealthTimeline,
  type SignalHealth,
} from './score.js';
export {
  DEFAULT_OUTLIER_OPTIONS,
  detectOutliers,
  type Outlier,
  type OutlierBasis,
  type OutlierOptions,
  type OutlierSignal,
  type PeerGroup,
  type PeerMember,
} from './outliers.js';
export { combineSignals, timelineFrom } from './combine.js';
