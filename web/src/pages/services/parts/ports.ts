// Service ports as every service view renders them: `http 8080/TCP → 8080` (notes §0).

export interface PortView {
  name: string | null;
  port: number;
  targetPort: string | null;
  /** Istio's application protocol (HTTP, GRPC, TCP, UDP, …). */
  protocol: string;
}

/** Istio names the application protocol; the transport is TCP for all of them but UDP. */
export function formatPort(p: PortView): string {
  const transport = p.protocol === 'UDP' ? 'UDP' : 'TCP';
  const name = p.name ? `${p.name} ` : '';
  return `${name}${p.port}/${transport} → ${p.targetPort ?? p.port}`;
}
