// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function TopologyPage({ params }: { params: Record<string, string> }) {
  return <Page title="Topology"><pre>{JSON.stringify(params)}</pre></Page>;
}
