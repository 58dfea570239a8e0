// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function OverviewPage({ params }: { params: Record<string, string> }) {
  return <Page title="Overview"><pre>{JSON.stringify(params)}</pre></Page>;
}
