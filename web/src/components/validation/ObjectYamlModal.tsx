// "Show YAML": an object's YAML in a dialog, the lines a finding points at highlighted (the
// server maps finding paths to lines: GraphQL objectYaml).
import type { ReactNode } from 'react';
import { useQuery } from '../../api/use-query';
import { Modal } from '../Modal';
import { ErrorState, Loading } from '../states';
import { YamlView } from '../YamlView';
import { highlightedLines, type ObjectYaml } from './issues';
import './validation.css';

const OBJECT_YAML = /* GraphQL */ `query ObjectYamlDialog($cluster: String, $kind: String!, $group: String, $namespace: String, $name: String!, $highlight: [String!]) {
  objectYaml(cluster: $cluster, kind: $kind, group: $group, namespace: $namespace, name: $name, highlight: $highlight) {
    kind namespace name yaml highlights { path start end exact }
  }
}`;

export interface ObjectRef {
  cluster?: string | null;
  kind: string;
  group?: string | null;
  namespace?: string | null;
  name: string;
}

export function ObjectYamlModal({ object, highlight = [], title, about, onClose }: { object: ObjectRef; highlight?: string[]; title?: string; about?: ReactNode; onClose: () => void }) {
  const { data, error, loading } = useQuery<{ objectYaml: ObjectYaml | null }>(OBJECT_YAML, {
    cluster: object.cluster ?? null, kind: object.kind, group: object.group ?? null, namespace: object.namespace ?? null, name: object.name, highlight,
  });
  const where = `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
  const o = data?.objectYaml;
  const missed = o ? highlight.filter((p) => p !== '' && !o.highlights.some((h) => h.path === p)) : [];
  return (
    <Modal title={title ?? where} onClose={onClose} actions={<button type="button" className="btn" onClick={onClose}>Close</button>}>
      <div className="object-yaml">
        {about}
        {error ? <ErrorState error={error} title={`Could not read ${where}`} />
          : loading && !data ? <Loading what={`Reading ${where}`} />
            : !o ? <div className="notice">{where} does not exist any more.</div>
              : (
                <>
                  {o.highlights.some((h) => !h.exact) && <p className="muted">The field is missing: its nearest existing parent is highlighted.</p>}
                  {missed.length > 0 && <p className="muted">The issue is about the whole object.</p>}
                  <YamlView yaml={o.yaml} highlight={highlightedLines(o.highlights)} />
                </>
              )}
      </div>
    </Modal>
  );
}
