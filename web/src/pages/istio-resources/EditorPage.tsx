// The YAML editor page: /istio-resources/new?kind=K[&template=ID][&back=PATH] creates,
// /istio-resources/:kind/:namespace/:name edits (Apply sends the resourceVersion it loaded, so
// a change made meanwhile is a conflict naming who made it, never overwritten).
import { useCallback, useState } from 'react';
import { useQuery } from '../../api/use-query';
import { Link, useLocation } from '../../app/router';
import { Page } from '../../components/Page';
import { Empty, ErrorState, Loading } from '../../components/states';
import { RESOURCE_QUERY, VERSION_QUERY, type ResourceAnswer, type VersionAnswer } from './api';
import { parseParams } from './editor-url';
import { kindLabel } from './kinds';
import { ResourceEditor, type Notice } from './ResourceEditor';
import './istio-resources.css';

export default function EditorPage({ params }: { params: Record<string, string> }) {
  const { search } = useLocation();
  const back = search.get('back') ?? undefined;
  if (!params.name) return <NewResource kind={search.get('kind') || 'VirtualService'} template={search.get('template') ?? undefined} templateParams={parseParams(search.get('params'))} back={back} />;
  return <EditResource kind={params.kind!} namespace={params.namespace!} name={params.name} back={back} created={search.get('saved') === 'created'} />;
}

function NewResource({ kind, template, templateParams, back }: { kind: string; template?: string; templateParams?: Record<string, unknown>; back?: string }) {
  return (
    <Page title={`Create ${kindLabel(kind).toLowerCase()}`} crumbs={[{ label: 'Istio resources', to: '/istio-resources' }]}>
      <ResourceEditor mode="create" kind={kind} initialText="" template={template} templateParams={templateParams} back={back} />
    </Page>
  );
}

function EditResource({ kind, namespace, name, back, created }: { kind: string; namespace: string; name: string; back?: string; created: boolean }) {
  const { data, error, loading, refetch } = useQuery<ResourceAnswer>(RESOURCE_QUERY, { kind, namespace, name });
  const [notice, setNotice] = useState<Notice | null>(created ? { tone: 'ok', title: 'Created', message: `${kind} ${namespace}/${name} was created.` } : null);
  const resource = data?.istioResource;
  // What is stored now: the list and the editor follow changes made elsewhere (no shadow copy).
  const stored = useQuery<VersionAnswer>(VERSION_QUERY, { kind, namespace, name }, { pollMs: 10_000, skip: !resource });
  const storedVersion = stored.data?.istioResource?.resourceVersion;
  const newer = !!resource && !!storedVersion && storedVersion !== resource.resourceVersion;
  const refetchStored = stored.refetch;
  // After a save or on request: read the stored version again (new resourceVersion, new editor).
  const reload = useCallback((n: Notice | null) => { setNotice(n); refetch(); refetchStored(); }, [refetch, refetchStored]);

  return (
    <Page title={`${kind} ${name}`} crumbs={[{ label: 'Istio resources', to: '/istio-resources' }, { label: namespace }]}>
      {error && !data ? <ErrorState error={error} title="Could not load this resource" />
        : !data && loading ? <Loading what="Loading the resource" />
          : !resource ? (
            <Empty title={`${kind} ${namespace}/${name} does not exist`}>It may have been deleted. <Link to="/istio-resources">Back to the list</Link>.</Empty>
          ) : (
            <ResourceEditor
              key={resource.resourceVersion ?? ''}
              mode="apply"
              kind={resource.kind}
              cluster={resource.cluster}
              initialText={resource.yaml}
              back={back}
              notice={notice}
              onApplied={(n) => reload(n)}
              onReload={() => reload(null)}
              newerVersion={newer ? storedVersion : null}
            />
          )}
    </Page>
  );
}
