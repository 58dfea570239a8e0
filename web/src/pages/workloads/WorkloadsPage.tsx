// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function WorkloadsPage({ params }: { params: Record<string, string> }) {
  return <Page title="Workloads"><pre>{JSON.stringify(params)}</pre></Page>;
}
