// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function GatewayPage({ params }: { params: Record<string, string> }) {
  return <Page title="GatewayPage"><pre>{JSON.stringify(params)}</pre></Page>;
}
