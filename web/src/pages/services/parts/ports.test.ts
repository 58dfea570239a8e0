import { describe, expect, it } from 'vitest';
import { formatPort } from './ports';

describe('service port rendering', () => {
  it('reads name, port, transport and target port as the product shows them', () => {
    expect(formatPort({ name: 'http', port: 8080, targetPort: '8080', protocol: 'HTTP' })).toBe('http 8080/TCP → 8080');
    expect(formatPort({ name: 'grpc', port: 8082, targetPort: '8082', protocol: 'GRPC' })).toBe('grpc 8082/TCP → 8082');
    expect(formatPort({ name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' })).toBe('dns 53/UDP → dns');
    // No targetPort means the same port.
    expect(formatPort({ name: null, port: 9000, targetPort: null, protocol: 'UNKNOWN' })).toBe('9000/TCP → 9000');
  });
});
