import { describe, expect, it } from 'vitest';
import { explainWriteError } from './write-errors';

describe('write errors', () => {
  it('validation failures carry their issues with lines', () => {
    const p = explainWriteError('VALIDATION_FAILED', 'validation failed: 1 error', [{ code: 'VALIDATION_FAILED', message: 'x', extensions: { issues: [{ severity: 'error', source: 'schema', path: 'spec.x', message: 'unknown field', line: 9, column: 3 }] } }]);
    expect(p).toEqual({ kind: 'validation', message: 'validation failed: 1 error', issues: [{ severity: 'error', source: 'schema', path: 'spec.x', message: 'unknown field', checkID: null, line: 9, column: 3 }] });
  });

  it('conflicts say who changed the object', () => {
    const p = explainWriteError('CONFLICT', 'changed by "kubectl"', [{ code: 'CONFLICT', message: 'm', extensions: { changedBy: { manager: 'kubectl-edit', time: null } } }]);
    expect(p).toEqual({ kind: 'conflict', message: 'changed by "kubectl"', changedBy: 'kubectl-edit' });
  });

  it('forbidden, malformed YAML and the rest', () => {
    expect(explainWriteError('FORBIDDEN', 'cannot patch', []).kind).toBe('forbidden');
    const yaml = explainWriteError('BAD_USER_INPUT', 'malformed YAML at line 3', [{ code: 'BAD_USER_INPUT', message: 'm', extensions: { issues: [{ severity: 'error', source: 'yaml', path: '', message: 'bad indent', line: 3, column: 1 }] } }]);
    expect(yaml).toMatchObject({ kind: 'invalid', issues: [{ line: 3 }] });
    expect(explainWriteError('NETWORK', 'down', [])).toEqual({ kind: 'other', message: 'down' });
  });
});
