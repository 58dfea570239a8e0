// The NAMESPACES multi-select, kept in the URL (`?ns=a,b`) so a filtered view can be shared.
import { useQuery } from '../api/use-query';
import { useListParam } from '../app/router';
import { MultiSelectFilter } from './MultiSelectFilter';

const NAMESPACES = /* GraphQL */ `query DashboardNamespaces { namespaces { name } }`;

/** The selected namespaces from the URL; empty means all. */
export function useNamespaceParam(): [string[], (next: string[]) => void] {
  return useListParam('ns');
}

export function NamespaceFilter() {
  const { data } = useQuery<{ namespaces: { name: string }[] }>(NAMESPACES);
  const names = [...new Set((data?.namespaces ?? []).map((n) => n.name))].sort();
  return <MultiSelectFilter param="ns" label="Namespaces" plural="namespaces" options={names} testId="namespace-filter" />;
}
