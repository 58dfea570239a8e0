// The editor with its toolbar: Template (new resources), Validate, Create or Apply, and the
// issues of the last validation listed with line numbers above the text. A save refused for
// validation errors asks "apply anyway?"; every other refusal is shown and the text is kept.
import { useEffect, useRef, useState } from 'react';
import { request, RequestError } from '../../api/client';
import { useQuery } from '../../api/use-query';
import { Link, navigate, setSearchParams } from '../../app/router';
import { sortIssues } from '../../components/editor/issues';
import { YamlEditor, type YamlEditorHandle } from '../../components/editor/YamlEditor';
import { kindOf } from '../../components/editor/yaml-context';
import { Confirm } from '../../components/Modal';
import {
  APPLY, CLUSTERS_QUERY, CREATE, RENDER_TEMPLATE, SCHEMA_QUERY, TEMPLATES_QUERY, VALIDATE,
  type ApplyAnswer, type ClustersAnswer, type CreateAnswer, type RenderAnswer, type ResourceIssue, type SchemaAnswer, type TemplatesAnswer, type ValidateAnswer, type WriteResult,
} from './api';
import { IssueList } from './IssueList';
import { editorPath } from './resource-list';
import { explainWriteError, type WriteProblem } from './write-errors';

export interface Notice {
  tone: 'ok' | 'bad';
  title: string;
  message: string;
}

interface Props {
  mode: 'create' | 'apply';
  kind: string;
  cluster?: string;
  initialText: string;
  /** Template to start from (create), and its parameters (the rest take their defaults). */
  template?: string;
  templateParams?: Record<string, unknown>;
  /** Where to go after a save (e.g. back to the gateways page). */
  back?: string;
  notice?: Notice | null;
  onApplied?: (n: Notice) => void;
  onReload?: () => void;
  /** The stored resource's version when it differs from the one loaded (changed elsewhere). */
  newerVersion?: string | null;
}

export function ResourceEditor({ mode, kind, cluster, initialText, template, templateParams, back, notice, onApplied, onReload, newerVersion }: Props) {
  const [text, setText] = useState(initialText);
  const [issues, setIssues] = useState<ResourceIssue[] | null>(null);
  const [problem, setProblem] = useState<WriteProblem | null>(null);
  const [askForce, setAskForce] = useState<ResourceIssue[] | null>(null);
  const [busy, setBusy] = useState<'validate' | 'save' | null>(null);
  const editor = useRef<YamlEditorHandle>(null);
  const dirty = text !== initialText;

  // A new resource goes to the cluster picked here (the only one, usually); an edit stays where it is.
  const clusterList = useQuery<ClustersAnswer>(CLUSTERS_QUERY, {}, { skip: mode !== 'create' }).data?.clusters.map((c) => c.name) ?? [];
  const [picked, setPicked] = useState<string | null>(null);
  const target = cluster ?? picked ?? clusterList[0] ?? null;

  const editedKind = kindOf(text) ?? kind;
  const schema = useQuery<SchemaAnswer>(SCHEMA_QUERY, { kind: editedKind });
  const templates = useQuery<TemplatesAnswer>(TEMPLATES_QUERY, { kind }, { skip: mode !== 'create' });
  const templateList = templates.data?.istioTemplates ?? [];
  const chosen = template && templateList.some((t) => t.id === template) ? template : templateList[0]?.id;

  // A new resource starts from its template (the first of its kind unless the URL names one).
  const started = useRef(false);
  useEffect(() => {
    if (mode !== 'create' || started.current || !templates.data) return;
    started.current = true;
    if (chosen) void loadTemplate(chosen, false, chosen === template ? templateParams : undefined);
    else setText(`apiVersion: ${kind === 'IstioMeshGateway' ? 'servicemesh.cisco.com/v1alpha1' : 'networking.istio.io/v1'}\nkind: ${kind}\nmetadata:\n  name: \n  namespace: smm-demo\nspec:\n`);
  }, [templates.data]);

  // An existing resource opens with its issues marked (the list's validation column, on lines).
  useEffect(() => {
    if (mode === 'apply') void validate();
  }, []);

  // Changed elsewhere: without edits of ours the new version simply loads; with edits, we ask.
  useEffect(() => {
    if (newerVersion && !dirty && busy === null) onReload?.();
  }, [newerVersion, dirty, busy]);

  // Leaving with unsaved text asks first (the browser's own prompt).
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  async function loadTemplate(id: string, remember: boolean, params?: Record<string, unknown>) {
    // Parameters belong to the template they were given for.
    if (remember) setSearchParams({ template: id, params: null });
    try {
      const r = await request<RenderAnswer>(RENDER_TEMPLATE, { id, params: params ?? null });
      setText(r.data.renderIstioTemplate);
      setIssues(null);
      setProblem(null);
    } catch (e) {
      setProblem({ kind: 'other', message: `The template could not be loaded: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  const fail = (e: unknown): WriteProblem => {
    const p = e instanceof RequestError ? explainWriteError(e.code, e.message, e.errors) : { kind: 'other' as const, message: String(e) };
    if ((p.kind === 'validation' || p.kind === 'invalid') && p.issues.length > 0) setIssues(p.issues);
    return p;
  };

  async function validate() {
    setBusy('validate');
    setProblem(null);
    try {
      const r = await request<ValidateAnswer>(VALIDATE, { cluster: target, yaml: text });
      setIssues(r.data.applyIstioResource.issues);
    } catch (e) {
      setProblem(fail(e));
    } finally {
      setBusy(null);
    }
  }

  async function save(force: boolean) {
    setBusy('save');
    setProblem(null);
    setAskForce(null);
    try {
      let result: WriteResult;
      if (mode === 'create') result = (await request<CreateAnswer>(CREATE, { cluster: target, yaml: text, force })).data.createIstioResource;
      else result = (await request<ApplyAnswer>(APPLY, { cluster: target, yaml: text, force })).data.applyIstioResource;
      setIssues(result.issues);
      const r = result.resource;
      const what = r ? `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}` : kind;
      const forced = force && result.issues.some((i) => i.severity === 'error') ? ' despite validation errors' : '';
      if (back) navigate(back);
      else if (mode === 'create' && r) navigate(`${editorPath(r)}?saved=created`);
      else onApplied?.({ tone: 'ok', title: 'Applied', message: `${what} was saved${forced}.` });
    } catch (e) {
      const p = fail(e);
      if (p.kind === 'validation' && !force) setAskForce(p.issues);
      else setProblem(p);
    } finally {
      setBusy(null);
    }
  }

  const saveLabel = mode === 'create' ? 'Create' : 'Apply';
  const errors = (askForce ?? []).filter((i) => i.severity === 'error');

  return (
    <div className="editor-layout">
      <div className="editor-toolbar">
        {mode === 'create' && (
          <label>
            Template{' '}
            <select value={chosen ?? ''} onChange={(e) => void loadTemplate(e.target.value, true)} disabled={templateList.length === 0} aria-label="Template">
              {templateList.length === 0 && <option value="">{templates.loading ? 'Loading…' : 'No templates for this kind'}</option>}
              {templateList.map((t) => <option key={t.id} value={t.id} title={t.description}>{t.title}</option>)}
            </select>
          </label>
        )}
        {clusterList.length > 1 && (
          <label>
            Cluster{' '}
            <select value={target ?? ''} onChange={(e) => setPicked(e.target.value)} aria-label="Cluster">
              {clusterList.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
        )}
        <span className="muted" style={{ fontSize: 12 }}>{dirty ? 'Unsaved changes' : mode === 'apply' ? 'As stored' : ''}</span>
        <span style={{ flex: 1 }} />
        <Link className="btn" to={back ?? '/istio-resources'}>Cancel</Link>
        <button type="button" className="btn" onClick={() => void validate()} disabled={busy !== null} title="Check syntax, types and mesh rules without saving">
          {busy === 'validate' ? 'Validating…' : '✓ Validate'}
        </button>
        <button type="button" className="btn primary" onClick={() => void save(false)} disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : saveLabel}
        </button>
      </div>
      {notice && !problem && !dirty && <div className="write-result ok" role="status"><div className="title">{notice.title}</div>{notice.message}</div>}
      {problem && <ProblemBox problem={problem} onReload={onReload} />}
      {newerVersion && dirty && !problem && (
        <div className="write-result bad" role="status" data-testid="changed-elsewhere">
          <div className="title">Changed since you opened it</div>
          Someone saved a newer version. Applying now would be refused as a conflict; your text stays here until you{' '}
          {onReload && <button type="button" className="btn" onClick={onReload}>Load the current version</button>}
        </div>
      )}
      {issues && <IssueList issues={sortIssues(issues)} onPick={(line) => editor.current?.goToLine(line)} />}
      <div className="editor-body">
        <YamlEditor value={text} onChange={setText} issues={issues ?? []} schema={schema.data?.istioSchema?.root ?? null} label={`${kind} YAML`} handle={editor} />
      </div>
      {askForce && (
        <Confirm title="Validation failed — apply anyway?" confirmLabel={`${saveLabel} anyway`} danger onConfirm={() => void save(true)} onCancel={() => setAskForce(null)}>
          <p style={{ marginTop: 0 }}>
            {errors.length} error{errors.length === 1 ? '' : 's'} found. Saving anyway sends the resource as it is; the Kubernetes API server may still refuse it.
          </p>
          <ul className="muted" style={{ margin: 0, paddingLeft: 18, maxHeight: 160, overflow: 'auto' }}>
            {errors.slice(0, 8).map((i, n) => <li key={n}>{i.line ? `Line ${i.line}: ` : ''}{i.message}</li>)}
          </ul>
        </Confirm>
      )}
    </div>
  );
}

function ProblemBox({ problem, onReload }: { problem: WriteProblem; onReload?: () => void }) {
  const title = {
    validation: 'Validation failed',
    conflict: 'Not saved: the resource changed since you opened it',
    forbidden: 'Not allowed',
    invalid: 'Refused',
    other: 'Something went wrong',
  }[problem.kind];
  return (
    <div className="write-result bad" role="alert" data-problem={problem.kind}>
      <div className="title">{title}</div>
      <div>{problem.message}</div>
      {problem.kind === 'conflict' && (
        <div style={{ marginTop: 6 }}>
          {problem.changedBy && <span className="muted">Changed by <strong>{problem.changedBy}</strong>. </span>}
          <span className="muted">Your text is still in the editor: copy what you need, then </span>
          {onReload && <button type="button" className="btn" onClick={onReload}>Load the current version</button>}
        </div>
      )}
    </div>
  );
}
