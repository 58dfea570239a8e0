// The operator's own metrics, rendered in the Prometheus text format (0.0.4). Few series, so
// a small hand-written registry beats a dependency.

export type ReconcileOutcome = 'success' | 'error';

/** Upper bounds (seconds) of the reconcile duration histogram: a no-op run to a slow install. */
export const RECONCILE_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] as const;

export class OperatorMetrics {
  private leader = false;
  private leaderTransitions = 0;
  private readonly reconciles: Record<ReconcileOutcome, number> = { success: 0, error: 0 };
  /** Per bucket (non-cumulative), the last one `+Inf`. */
  private readonly durationBins = new Array<number>(RECONCILE_DURATION_BUCKETS.length + 1).fill(0);
  private durationSum = 0;
  private lastReconcileSeconds: number | undefined;

  setLeader(leading: boolean): void {
    // Counts the times this process took over, not the times it stepped down.
    if (leading && !this.leader) this.leaderTransitions++;
    this.leader = leading;
  }

  /** A finished reconcile: its outcome, how long it took, and when it ended (ms since epoch). */
  observeReconcile(outcome: ReconcileOutcome, durationSeconds: number, endedAtMs: number): void {
    this.reconciles[outcome]++;
    let bin = RECONCILE_DURATION_BUCKETS.findIndex((le) => durationSeconds <= le);
    if (bin < 0) bin = RECONCILE_DURATION_BUCKETS.length;
    this.durationBins[bin] = (this.durationBins[bin] ?? 0) + 1;
    this.durationSum += durationSeconds;
    this.lastReconcileSeconds = endedAtMs / 1000;
  }

  /** Read access for tests and status pages. */
  snapshot(): { leader: boolean; leaderTransitions: number; reconciles: Readonly<Record<ReconcileOutcome, number>>; lastReconcileSeconds?: number } {
    return { leader: this.leader, leaderTransitions: this.leaderTransitions, reconciles: { ...this.reconciles }, lastReconcileSeconds: this.lastReconcileSeconds };
  }

  render(): string {
    let out = '';
    out += family('smm_operator_leader', 'gauge', 'Whether this process is the leader (1) or standing by (0).');
    out += `smm_operator_leader ${this.leader ? 1 : 0}\n`;
    out += family('smm_operator_leader_transitions_total', 'counter', 'Times this process became the leader.');
    out += `smm_operator_leader_transitions_total ${this.leaderTransitions}\n`;
    out += family('smm_operator_reconcile_total', 'counter', 'ControlPlane reconciles by result.');
    for (const outcome of ['success', 'error'] as const) out += `smm_operator_reconcile_total{result="${outcome}"} ${this.reconciles[outcome]}\n`;
    out += this.renderDuration();
    out += family('smm_operator_last_reconcile_timestamp_seconds', 'gauge', 'When the last reconcile (of either result) ended, in seconds since the epoch.');
    if (this.lastReconcileSeconds !== undefined) out += `smm_operator_last_reconcile_timestamp_seconds ${formatNumber(this.lastReconcileSeconds)}\n`;
    return out;
  }

  private renderDuration(): string {
    const name = 'smm_operator_reconcile_duration_seconds';
    let out = family(name, 'histogram', 'How long ControlPlane reconciles took.');
    let cumulative = 0;
    const bounds = [...RECONCILE_DURATION_BUCKETS.map(String), '+Inf'];
    bounds.forEach((le, i) => {
      cumulative += this.durationBins[i] ?? 0;
      out += `${name}_bucket{le="${le}"} ${cumulative}\n`;
    });
    out += `${name}_sum ${formatNumber(this.durationSum)}\n`;
    out += `${name}_count ${cumulative}\n`;
    return out;
  }
}

function family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`;
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
}
