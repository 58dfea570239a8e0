// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function PodPage({ params }: { params: Record<string, string> }) {
  return <Page title="PodPage"><pre>{JSON.stringify(params)}</pre></Page>;
}
