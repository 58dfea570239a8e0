// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function ServicePage({ params }: { params: Record<string, string> }) {
  return <Page title="ServicePage"><pre>{JSON.stringify(params)}</pre></Page>;
}
