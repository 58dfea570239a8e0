// The GraphQL the Istio resources pages send, and the types of the answers they read.
import type { EditorIssue } from '../../components/editor/issues';
import type { FieldNode } from '../../components/editor/schema-completion';

export interface ResourceIssue extends EditorIssue {
  severity: string;
}

export interface IstioResourceRow {
  cluster: string;
  kind: string;
  namespace: string | null;
  name: string;
  resourceVersion: string | null;
  issues: { severity: string; message: string }[];
}

export const RESOURCES_QUERY = /* GraphQL */ `query IstioResourcesList($cluster: String) {
  istioResources(cluster: $cluster) { cluster kind namespace name resourceVersion issues { severity message } }
}`;

/** Istio resources are read per cluster (as the user, from each API server). */
export const CLUSTERS_QUERY = /* GraphQL */ `query IstioResourceClusters { clusters { name } }`;
export interface ClustersAnswer { clusters: { name: string }[] }
export interface ResourcesAnswer { istioResources: IstioResourceRow[] }

export const RESOURCE_QUERY = /* GraphQL */ `query IstioResourceForEditor($kind: String!, $namespace: String!, $name: String!) {
  istioResource(kind: $kind, namespace: $namespace, name: $name) { cluster kind apiVersion namespace name resourceVersion yaml }
}`;
export interface ResourceAnswer {
  istioResource: { cluster: string; kind: string; apiVersion: string; namespace: string | null; name: string; resourceVersion: string | null; yaml: string } | null;
}

/** Polled while editing: a newer version (changed with kubectl, say) is offered or loaded. */
export const VERSION_QUERY = /* GraphQL */ `query IstioResourceVersion($kind: String!, $namespace: String!, $name: String!) {
  istioResource(kind: $kind, namespace: $namespace, name: $name) { resourceVersion }
}`;
export interface VersionAnswer { istioResource: { resourceVersion: string | null } | null }

export const TEMPLATES_QUERY = /* GraphQL */ `query IstioTemplatesForKind($kind: String) {
  istioTemplates(kind: $kind) { id kind title description }
}`;
export interface TemplateInfo { id: string; kind: string; title: string; description: string }
export interface TemplatesAnswer { istioTemplates: TemplateInfo[] }

export const RENDER_TEMPLATE = /* GraphQL */ `query RenderIstioTemplate($id: String!, $params: JSON) { renderIstioTemplate(id: $id, params: $params) }`;
export interface RenderAnswer { renderIstioTemplate: string }

export const SCHEMA_QUERY = /* GraphQL */ `query IstioSchemaForEditor($kind: String!) { istioSchema(kind: $kind) { kind version root } }`;
export interface SchemaAnswer { istioSchema: { kind: string; version: string; root: FieldNode } | null }


export const VALIDATE = /* GraphQL */ `mutation ValidateIstioResource($cluster: String, $yaml: String!) {
  applyIstioResource(cluster: $cluster, yaml: $yaml, validateOnly: true) { issues { severity source path message checkID line column } }
}`;
export interface ValidateAnswer { applyIstioResource: { issues: ResourceIssue[] } }

export const APPLY = /* GraphQL */ `mutation ApplyIstioResource($cluster: String, $yaml: String!, $force: Boolean) {
  applyIstioResource(cluster: $cluster, yaml: $yaml, force: $force) {
    applied issues { severity source path message checkID line column } resource { kind namespace name resourceVersion }
  }
}`;
export interface ApplyAnswer { applyIstioResource: WriteResult }

export const CREATE = /* GraphQL */ `mutation CreateIstioResource($cluster: String, $yaml: String!, $force: Boolean) {
  createIstioResource(cluster: $cluster, yaml: $yaml, force: $force) {
    applied issues { severity source path message checkID line column } resource { kind namespace name resourceVersion }
  }
}`;
export interface CreateAnswer { createIstioResource: WriteResult }

export interface WriteResult {
  applied: boolean;
  issues: ResourceIssue[];
  resource: { kind: string; namespace: string | null; name: string; resourceVersion: string | null } | null;
}

export const DELETE = /* GraphQL */ `mutation DeleteIstioResource($cluster: String, $kind: String!, $namespace: String!, $name: String!, $resourceVersion: String) {
  deleteIstioResource(cluster: $cluster, kind: $kind, namespace: $namespace, name: $name, resourceVersion: $resourceVersion)
}`;
export interface DeleteAnswer { deleteIstioResource: boolean }
