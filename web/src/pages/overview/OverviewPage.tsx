// OVERVIEW: the mesh at a glance (traffic and inventory tiles, health and traffic charts) and
// OVERVIEW > VALIDATION ISSUES with a namespace filter. Tab and filter live in the URL.
import { useQuery } from '../../api/use-query';
import { NamespaceFilter, useNamespaceParam } from '../../components/NamespaceFilter';
import { Page } from '../../components/Page';
import { ErrorState, Loading, NoTraffic, PartialErrors } from '../../components/states';
import { Tabs, useTab } from '../../components/Tabs';
import { Tiles } from '../../components/Tiles';
import { ValidationIssues } from '../../components/validation/ValidationIssues';
import { OVERVIEW, type MeshOverview } from './api';
import { HealthCharts } from './HealthCharts';
import { hasNoTraffic, overviewTiles } from './tiles';

const TABS = ['dashboard', 'issues'] as const;
const LABELS = { dashboard: 'Dashboard', issues: 'Validation issues' };

export default function OverviewPage() {
  const [tab, setTab] = useTab(TABS);
  const { data, errors, error, loading } = useQuery<{ meshOverview: MeshOverview }>(OVERVIEW, {}, { pollMs: 15_000 });
  const o = data?.meshOverview;
  return (
    <Page title="Overview">
      {error && !o ? <ErrorState error={error} />
        : loading && !o ? <Loading what="Reading the mesh" />
          : o && (
            <>
              <Tiles tiles={overviewTiles(o)} />
              <Tabs tabs={TABS} current={tab} onSelect={setTab} labels={{ ...LABELS, issues: `Validation issues${o.validationIssues ? ` (${o.validationIssues})` : ''}` }} />
              {tab === 'dashboard' && <Dashboard overview={o} errors={errors} />}
            </>
          )}
      {tab === 'issues' && <IssuesTab />}
    </Page>
  );
}

function Dashboard({ overview, errors }: { overview: MeshOverview; errors: Parameters<typeof PartialErrors>[0]['errors'] }) {
  return (
    <div role="tabpanel" aria-label="Dashboard">
      <PartialErrors errors={errors} />
      {hasNoTraffic(overview) ? <NoTraffic /> : overview.history && <HealthCharts history={overview.history} />}
    </div>
  );
}

function IssuesTab() {
  const [namespaces] = useNamespaceParam();
  return (
    <div role="tabpanel" aria-label="Validation issues">
      <div className="issues-head"><NamespaceFilter /></div>
      <ValidationIssues filter={{ namespaces }} />
    </div>
  );
}
