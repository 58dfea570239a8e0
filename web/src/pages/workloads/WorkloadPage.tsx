// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function WorkloadPage({ params }: { params: Record<string, string> }) {
  return <Page title="WorkloadPage"><pre>{JSON.stringify(params)}</pre></Page>;
}
