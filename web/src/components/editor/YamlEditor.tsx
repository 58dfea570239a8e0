// The YAML editor (CodeMirror 6): highlighting, completion of field names and enum values from
// the kind's schema, and validation issues as underlined ranges with the message on hover.
// The text is the parent's state: the editor reports every change and takes a new text only
// when the parent replaces it (a template, a reload), so nothing typed is lost on an error.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { indentWithTab } from '@codemirror/commands';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import { editorTheme } from './editor-theme';
import { issueMarks, type EditorIssue } from './issues';
import { completionsAt, type FieldNode } from './schema-completion';
import { yamlContextAt } from './yaml-context';
import './editor.css';

export interface YamlEditorHandle {
  /** Moves the cursor to a line (1-based) and focuses the editor. */
  goToLine: (line: number) => void;
}

interface Props {
  value: string;
  onChange: (text: string) => void;
  issues: readonly EditorIssue[];
  /** The field tree of the edited kind; no completion without it. */
  schema?: FieldNode | null;
  label: string;
  handle?: Ref<YamlEditorHandle>;
}

export function YamlEditor({ value, onChange, issues, schema, label, handle }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const schemaRef = useRef(schema);
  schemaRef.current = schema;
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const complete = (ctx: CompletionContext): CompletionResult | null => {
      const root = schemaRef.current;
      if (!root) return null;
      const text = ctx.state.doc.toString();
      const at = yamlContextAt(text, ctx.pos);
      if (!at || (!ctx.explicit && at.prefix === '' && at.mode === 'key' && !/\n\s*$|-\s$/.test(text.slice(0, ctx.pos)))) return null;
      const options = completionsAt(root, at).map((c) => ({ label: c.label, detail: c.detail, apply: c.apply, type: c.kind, boost: c.boost }));
      return options.length > 0 ? { from: at.from, options, validFor: /^[\w.-]*$/ } : null;
    };
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          keymap.of([indentWithTab]),
          yaml(),
          editorTheme,
          lintGutter(),
          autocompletion({ override: [complete], icons: false }),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => { if (u.docChanged) changed.current(u.state.doc.toString()); }),
        ],
      }),
    });
    view.current = v;
    return () => { v.destroy(); view.current = null; };
    // One editor for the component's life; value updates go through the effect below.
  }, []);

  // A text from outside (template, reload) replaces the document; echoes of our own edits do not.
  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() === value) return;
    v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const diagnostics: Diagnostic[] = issueMarks(v.state.doc.toString(), issues).map((m) => ({ from: m.from, to: m.to, severity: m.severity, message: m.message }));
    v.dispatch(setDiagnostics(v.state, diagnostics));
  }, [issues]);

  useImperativeHandle(handle, () => ({
    goToLine: (line: number) => {
      const v = view.current;
      if (!v) return;
      const l = v.state.doc.line(Math.max(1, Math.min(line, v.state.doc.lines)));
      v.dispatch({ selection: { anchor: l.from + (l.text.length - l.text.trimStart().length) }, scrollIntoView: true });
      v.focus();
    },
  }), []);

  return <div className="yaml-editor" ref={host} data-testid="yaml-editor" />;
}
