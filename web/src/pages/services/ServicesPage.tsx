// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function ServicesPage({ params }: { params: Record<string, string> }) {
  return <Page title="Services"><pre>{JSON.stringify(params)}</pre></Page>;
}
