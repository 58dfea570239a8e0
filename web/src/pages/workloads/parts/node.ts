// How a node's facts read on its view.

export interface NodeSystem { os: string | null; architecture: string | null; osImage: string | null }

/** `linux amd64 (Ubuntu 22.04.1 LTS)`, as the product shows a node's OS; null when nothing is known. */
export function osLine(s: NodeSystem): string | null {
  const base = [s.os, s.architecture].filter(Boolean).join(' ');
  if (!base && !s.osImage) return null;
  return s.osImage ? `${base} (${s.osImage})`.trim() : base;
}

/** Whether a condition is as it should be: Ready is True, the pressure and network ones False. */
export function conditionOk(c: { type: string; status: string }): boolean {
  return c.type === 'Ready' ? c.status === 'True' : c.status === 'False';
}
