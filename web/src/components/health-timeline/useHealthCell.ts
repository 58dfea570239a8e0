// The open health cell of a list or detail view, in the URL (`?cell=ns/name@from`).
import { useSearchParam } from '../../app/router';
import { decodeCell, encodeCell, type CellRef } from './time-range';
import type { HealthCell, HealthTimeline } from './types';

export function useHealthCell(): [CellRef | null, (c: CellRef | null) => void] {
  const [raw, set] = useSearchParam('cell');
  return [decodeCell(raw), (c) => set(c ? encodeCell(c) : null, { replace: false })];
}

/** The cell of a timeline that starts at `from`, if still shown. */
export function findCell(timeline: HealthTimeline | null | undefined, from: string): HealthCell | null {
  const at = Date.parse(from);
  return timeline?.cells.find((c) => Date.parse(c.from) === at) ?? null;
}
