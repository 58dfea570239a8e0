// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function MeshPage({ params }: { params: Record<string, string> }) {
  return <Page title="Mesh"><pre>{JSON.stringify(params)}</pre></Page>;
}
