import { describe, expect, it } from 'vitest';
import { buildDemoEvents } from './events.js';
import { buildDemoObjects } from './objects.js';

const NOW = new Date('2024-05-01T10:00:00Z');

describe('demo events', () => {
  const objects = buildDemoObjects({ seed: 5, now: NOW });
  const events = buildDemoEvents(objects, { seed: 5, now: NOW });

  it('are deterministic and about objects that exist (same uid), never after now', () => {
    expect(buildDemoEvents(objects, { seed: 5, now: NOW })).toEqual(events);
    const uids = new Map(objects.map((o) => [o.metadata.uid, o]));
    for (const e of events) {
      const about = e['involvedObject'] as { uid: string; kind: string; name: string };
      expect(uids.get(about.uid), e.metadata.name).toMatchObject({ kind: about.kind, metadata: { name: about.name } });
      expect(Date.parse(e['lastTimestamp'] as string)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(e['firstTimestamp'] as string)).toBeLessThanOrEqual(Date.parse(e['lastTimestamp'] as string));
      expect(e.metadata.name).toMatch(/^[a-z0-9.-]+\.[0-9a-f]{16}$/);
    }
    expect(new Set(events.map((e) => e.metadata.name)).size).toBe(events.length);
  });

  it('tell the demo\'s story: scaled replica sets, pulled images, movies-v3 failing its readiness probe', () => {
    const reasons = new Set(events.map((e) => e['reason']));
    expect([...reasons].sort()).toEqual(['Pulled', 'ScalingReplicaSet', 'Scheduled', 'SuccessfulCreate', 'Unhealthy']);
    const warnings = events.filter((e) => e['type'] === 'Warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ reason: 'Unhealthy', involvedObject: { kind: 'Pod', name: expect.stringMatching(/^movies-v3-/), fieldPath: 'spec.containers{movies}' } });
  });
});
