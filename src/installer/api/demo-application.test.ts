import { describe, expect, it } from 'vitest';
import { DemoApplicationValidationError } from './errors.js';
import { parseDemoApplication, parseDemoApplicationYaml } from './demo-application.js';

/** The manual's DemoApplication (product-docs.txt, GitOps guide), with upstream's revision. */
const MANUAL_DEMO = `
apiVersion: smm.cisco.com/v1alpha1
kind: DemoApplication
metadata:
  name: smm-demo
  namespace: smm-demo
spec:
  autoscaling:
    enabled: true
  controlPlaneRef:
    name: smm
  deployIstioResources: true
  deploySLOResources: true
  enabled: true
  enabledComponents:
    - frontpage
    - catalog
    - bookings
    - postgresql
    - payments
    - notifications
    - movies
    - analytics
    - database
    - mysql
  istio:
    revision: cp-v124x.istio-system
  load:
    enabled: true
    maxRPS: 30
    minRPS: 10
    swingPeriod: 1380000000000
  replicas: 1
  resources:
    limits:
      cpu: "2"
      memory: 192Mi
    requests:
      cpu: 40m
      memory: 64Mi
`;

const problems = (input: unknown): { path: string; message: string }[] => {
  try {
    parseDemoApplication(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DemoApplicationValidationError);
    return (e as DemoApplicationValidationError).problems.map(({ path, message }) => ({ path, message }));
  }
  throw new Error('expected the DemoApplication to be refused');
};
const demo = (spec: Record<string, unknown>) => ({ apiVersion: 'smm.cisco.com/v1alpha1', kind: 'DemoApplication', metadata: { name: 'smm-demo', namespace: 'smm-demo' }, spec });

describe('DemoApplication', () => {
  it('accepts the manual\'s example', () => {
    const app = parseDemoApplicationYaml(MANUAL_DEMO, 'demo.yaml');
    expect(app.spec.load).toEqual({ enabled: true, maxRPS: 30, minRPS: 10, swingPeriod: 1380000000000 });
    expect(app.spec.enabledComponents).toHaveLength(10);
  });

  it('refuses unknown components and fields, wrong types, and a load whose minimum exceeds its maximum', () => {
    expect(problems(demo({ enabledComponents: ['frontpage', 'reviews'] }))).toEqual([
      { path: 'spec.enabledComponents[1]', message: expect.stringMatching(/^expected one of "frontpage" \| "catalog" .* got "reviews"$/) as unknown as string },
    ]);
    expect(problems(demo({ load: { minRPS: 40, maxRPS: 30 } }))).toEqual([{ path: 'spec.load.minRPS', message: 'is 40, more than spec.load.maxRPS (30)' }]);
    expect(problems(demo({ replicas: '1', loads: {} })).map((p) => p.path)).toEqual(['spec.replicas', 'spec.loads']);
  });

  it('places YAML problems on their lines', () => {
    expect(() => parseDemoApplicationYaml(MANUAL_DEMO.replace('minRPS: 10', 'minRPS: ten'), 'demo.yaml'))
      .toThrow(/demo\.yaml:31:5: spec\.load\.minRPS: expected number, got string/);
  });
});
