// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function IstioResourcesPage({ params }: { params: Record<string, string> }) {
  return <Page title="Istio resources"><pre>{JSON.stringify(params)}</pre></Page>;
}
