import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subjectKey, type Finding } from '../core/validation/types.js';
import { createDemoBackend, type DemoBackend } from '../server/demo-backend.js';
import { VALIDATION_RULES } from '../server/validation/catalogue.js';
import { buildIssueObjects, SEEDED_ISSUES } from './issues.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const known = new Set(VALIDATION_RULES.map((r) => r.id));
const describeIssue = (f: Finding): string => `${f.checkID} ${subjectKey(f.subject)} ${f.path}`;

describe('the demo with seeded issues', () => {
  let clean: DemoBackend;
  let issues: DemoBackend;
  beforeAll(async () => {
    [clean, issues] = await Promise.all([createDemoBackend({ now: () => NOW }), createDemoBackend({ now: () => NOW, withIssues: true })]);
  });
  afterAll(async () => {
    await Promise.all([clean.close(), issues.close()]);
  });

  it('builds valid objects, each labelled as a seeded issue', () => {
    const objects = buildIssueObjects({ now: new Date(NOW) });
    expect(objects.every((o) => o.metadata.labels?.['smm.cisco.com/demo-issue'] === 'true')).toBe(true);
    expect(new Set(objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)).size).toBe(objects.length);
  });

  it('the clean demo has no validation errors', () => {
    const errors = clean.validation!.findings().filter((f) => f.severity === 'error');
    expect(errors.map(describeIssue)).toEqual([]);
  });

  for (const seeded of SEEDED_ISSUES) {
    it.skipIf(!known.has(seeded.checkID))(`reports ${seeded.checkID} on ${seeded.kind} ${seeded.namespace ? `${seeded.namespace}/` : ''}${seeded.name}`, () => {
      const found = issues.validation!.findings().filter((f) => f.checkID === seeded.checkID);
      expect(found.map((f) => `${f.subject.kind} ${f.subject.namespace ?? ''}/${f.subject.name} ${f.path}`))
        .toContain(`${seeded.kind} ${seeded.namespace ?? ''}/${seeded.name} ${seeded.path}`);
    });
  }

  it('adds only findings about the seeded objects and the subjects SEEDED_ISSUES names', () => {
    const before = new Set(clean.validation!.findings().map(describeIssue));
    const added = issues.validation!.findings().filter((f) => !before.has(describeIssue(f)));
    const seededObjects = new Set([
      ...buildIssueObjects({ now: new Date(NOW) }).map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`),
      ...SEEDED_ISSUES.map((s) => `${s.kind}/${s.namespace ?? ''}/${s.name}`),
    ]);
    const unexpected = added.filter((f) => !seededObjects.has(`${f.subject.kind}/${f.subject.namespace ?? ''}/${f.subject.name}`));
    expect(unexpected.map(describeIssue)).toEqual([]);
  });
});
