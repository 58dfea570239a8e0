// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function EditorPage({ params }: { params: Record<string, string> }) {
  return <Page title="EditorPage"><pre>{JSON.stringify(params)}</pre></Page>;
}
