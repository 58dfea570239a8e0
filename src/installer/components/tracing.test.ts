import { describe, expect, it } from 'vitest';
import { tracing } from './tracing.js';
import { envOf, findObject, firstContainer, servicePortsOf, TEST_IMAGES, testInstallConfig } from './testing.js';

describe('tracing', () => {
  const desired = tracing.build(testInstallConfig());

  it('runs Jaeger all-in-one as smm-tracing, taking Zipkin spans on 9411', () => {
    const c = firstContainer(findObject(desired, 'Deployment', 'smm-tracing', 'smm-system').object);
    expect(c.image).toBe(TEST_IMAGES.jaeger);
    expect(envOf(c)['COLLECTOR_ZIPKIN_HOST_PORT']).toBe(':9411');
    expect(c.ports?.every((p) => p.name.length <= 15)).toBe(true);
  });

  it('has the product Services, smm-zipkin on 59411 among them', () => {
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-zipkin').object)).toMatchObject([{ port: 59411, targetPort: 9411 }]);
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-jaeger-collector').object).map((p) => p.port)).toContain(9411);
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-tracing').object)).toMatchObject([{ port: 80, targetPort: 16686 }]);
    expect(servicePortsOf(findObject(desired, 'Service', 'smm-jaeger-agent').object).every((p) => p.protocol === 'UDP')).toBe(true);
  });

  it('takes valuesOverride', () => {
    const c = tracing.build(testInstallConfig({ spec: { smm: { tracing: { valuesOverride: { maxTraces: 1000 } } } } }));
    expect(firstContainer(findObject(c, 'Deployment', 'smm-tracing').object).args).toEqual(['--memory.max-traces=1000']);
  });
});
