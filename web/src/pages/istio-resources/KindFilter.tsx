// The Type (kind) multi-select, kept in the URL (`?kind=A,B`) like the namespace filter.
import { useListParam } from '../../app/router';
import { MultiSelectFilter } from '../../components/MultiSelectFilter';
import { kindLabel } from './kinds';

export function useKindParam(): [string[], (next: string[]) => void] {
  return useListParam('kind');
}

export function KindFilter({ kinds }: { kinds: readonly string[] }) {
  return <MultiSelectFilter param="kind" label="Type" plural="types" options={kinds} describe={kindLabel} testId="kind-filter" />;
}
