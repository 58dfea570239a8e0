// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function GatewaysPage({ params }: { params: Record<string, string> }) {
  return <Page title="Gateways"><pre>{JSON.stringify(params)}</pre></Page>;
}
