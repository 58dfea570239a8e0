// TOPOLOGY: who talks to whom, live or at a past instant. State in the URL: `?ns=` namespaces,
// `?show=` groups, `?labels=` edge-label mode, `?at=` the timeline's instant, `?node=` the
// selected node (and `?tab=` its panel tab), `?load=1` the load-generator form.
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useQuery } from '../../api/use-query';
import { useSearchParam } from '../../app/router';
import { formatTime } from '../../components/format';
import { useNamespaceParam } from '../../components/NamespaceFilter';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading, NoTraffic, PartialErrors } from '../../components/states';
import { TOPOLOGY_QUERY, type TopologyAnswer } from './api';
import { toElements, type GraphElements } from './graph-model';
import { Legend } from './Legend';
import { ListView } from './ListView';
import { LoadGenerator } from './LoadGenerator';
import { NodeFinder } from './NodeFinder';
import { TopologyGraph } from './TopologyGraph';
import { TopologyToolbar } from './TopologyToolbar';
import { formatShow, parseAt, parseLabelMode, parseShow, showArgument, stepAt, toggleResource } from './view-state';
import './topology.css';

// The panel brings the charting library: loaded on the first selection, not with the graph.
const NodePanel = lazy(() => import('./NodePanel').then((m) => ({ default: m.NodePanel })));

const ABOUT_QUERY = /* GraphQL */ `query TopologyAbout { about { mode } }`;
const POLL_MS = 5000;
const WINDOW_SECONDS = 60;
const NO_ELEMENTS: GraphElements = { nodes: [], edges: [] };

export default function TopologyPage() {
  const [namespaces] = useNamespaceParam();
  const [showRaw, setShowRaw] = useSearchParam('show');
  const [labelsRaw, setLabels] = useSearchParam('labels');
  const [atRaw, setAt] = useSearchParam('at');
  const [selected, setSelected] = useSearchParam('node');
  const [loadRaw, setLoad] = useSearchParam('load');
  const [legend, setLegend] = useState(false);
  const [focusTick, setFocusTick] = useState(0);

  const show = parseShow(showRaw);
  const mode = parseLabelMode(labelsRaw);
  const at = parseAt(atRaw);
  const live = at === undefined;
  const variables = { namespaces: namespaces.length ? namespaces : null, at: live ? null : new Date(at).toISOString(), windowSeconds: WINDOW_SECONDS, show: showArgument(show) };
  const query = useQuery<TopologyAnswer>(TOPOLOGY_QUERY, variables, { pollMs: live ? POLL_MS : undefined });
  const about = useQuery<{ about: { mode: string } }>(ABOUT_QUERY);

  const topology = query.data?.topology;
  const elements = useMemo(() => (topology ? toElements(topology, mode) : NO_ELEMENTS), [topology, mode]);
  const nodesById = useMemo(() => new Map((topology?.nodes ?? []).map((n) => [n.id, n])), [topology]);
  const edges = topology?.edges ?? [];
  const selectedNode = selected ? nodesById.get(selected) : undefined;

  const select = useCallback((id: string | null) => setSelected(id), [setSelected]);
  const pick = useCallback((id: string) => { setSelected(id); setFocusTick((t) => t + 1); }, [setSelected]);
  const closeLoad = useCallback(() => setLoad(null), [setLoad]);

  let content;
  if (!topology) {
    content = query.error ? <ErrorState error={query.error} /> : <Loading what="Loading topology" />;
  } else if (topology.nodes.length === 0) {
    content = <Empty title="No workloads here">No workload runs in {namespaces.length ? namespaces.join(', ') : 'any namespace'}. Pick other namespaces.</Empty>;
  } else {
    content = (
      <div className={`topology-body${selected ? ' with-panel' : ''}`}>
        <div className="topology-main">
          <TopologyGraph elements={elements} nodes={nodesById} selected={selected} onSelect={select} focusTick={focusTick} />
          {legend && <Legend onClose={() => setLegend(false)} />}
        </div>
        {selected && (selectedNode
          ? <Suspense fallback={<aside className="topology-panel card"><Loading what="Loading details" /></aside>}><NodePanel node={selectedNode} edges={edges} at={at} onClose={() => setSelected(null)} /></Suspense>
          : (
            <aside className="topology-panel card" data-testid="node-panel-missing">
              <div className="panel-head"><h2>Not in this view</h2><span className="spacer" /><button type="button" className="btn icon" onClick={() => setSelected(null)} aria-label="Close the details panel">×</button></div>
              <p className="muted">The selected node <code>{selected}</code> is not part of this view: its namespace may be filtered out, or it had no traffic at this time.</p>
            </aside>
          ))}
      </div>
    );
  }

  return (
    <Page title="Topology" actions={<>
      <button type="button" className="btn" onClick={() => setLoad('1')} title="Generate test load" data-testid="open-load">HTTP</button>
      <button type="button" className="btn icon" onClick={() => setLegend((l) => !l)} aria-label="Legend" aria-pressed={legend} title="Legend" data-testid="open-legend">?</button>
      {topology && <NodeFinder nodes={topology.nodes} onPick={pick} />}
    </>}>
      <TopologyToolbar
        show={show}
        onToggle={(r) => setShowRaw(formatShow(toggleResource(show, r)))}
        mode={mode}
        onMode={(m) => setLabels(m === 'traffic' ? null : m)}
        at={at}
        onAt={(iso) => setAt(iso)}
        onStep={(minutes) => setAt(stepAt(at, minutes, Date.now()))}
      />
      {query.error && topology && <ErrorState error={query.error} title="Could not refresh the topology; showing the last answer" />}
      <PartialErrors errors={query.errors} />
      {topology && topology.edges?.length === 0 && topology.nodes.length > 0 && (
        <div className="card topology-no-traffic">{live ? <NoTraffic /> : <Empty title="No traffic at this time">Step the timeline, or go back to live.</Empty>}</div>
      )}
      {content}
      {topology && (
        <p className="topology-when" data-testid="topology-when">
          Traffic of the {WINDOW_SECONDS} s up to <time dateTime={topology.window.to}>{formatTime(topology.window.to)}</time>
          {live ? ` · live, refreshed every ${POLL_MS / 1000} s` : ' · timeline'}
        </p>
      )}
      {topology && <ListView nodes={topology.nodes} edges={edges} mode={mode} onPick={pick} />}
      {loadRaw === '1' && <LoadGenerator mode={about.data?.about.mode} namespaces={namespaces} onClose={closeLoad} />}
    </Page>
  );
}
