// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function ControllerPage({ params }: { params: Record<string, string> }) {
  return <Page title="ControllerPage"><pre>{JSON.stringify(params)}</pre></Page>;
}
