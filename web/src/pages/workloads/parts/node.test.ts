import { describe, expect, it } from 'vitest';
import { conditionOk, osLine } from './node';

describe('node facts', () => {
  it('reads the OS as the product shows it', () => {
    expect(osLine({ os: 'linux', architecture: 'amd64', osImage: 'Ubuntu 18.04.4 LTS' })).toBe('linux amd64 (Ubuntu 18.04.4 LTS)');
    expect(osLine({ os: 'linux', architecture: null, osImage: null })).toBe('linux');
    expect(osLine({ os: null, architecture: null, osImage: 'Bottlerocket' })).toBe('(Bottlerocket)');
    expect(osLine({ os: null, architecture: null, osImage: null })).toBeNull();
  });

  it('flags a condition that is not as it should be', () => {
    expect(conditionOk({ type: 'Ready', status: 'True' })).toBe(true);
    expect(conditionOk({ type: 'Ready', status: 'Unknown' })).toBe(false);
    expect(conditionOk({ type: 'DiskPressure', status: 'False' })).toBe(true);
    expect(conditionOk({ type: 'MemoryPressure', status: 'True' })).toBe(false);
  });
});
