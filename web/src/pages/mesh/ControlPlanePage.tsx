// Placeholder until this page is built.
import { Page } from '../../components/Page';

export default function ControlPlanePage({ params }: { params: Record<string, string> }) {
  return <Page title="ControlPlanePage"><pre>{JSON.stringify(params)}</pre></Page>;
}
