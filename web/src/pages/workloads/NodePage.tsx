// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function NodePage({ params }: { params: Record<string, string> }) {
  return <Page title="NodePage"><pre>{JSON.stringify(params)}</pre></Page>;
}
