// Splits a byte stream into lines, for watch responses (one JSON event per line). Chunks may
// end anywhere: inside a line, inside a multi-byte UTF-8 character, between `\r` and `\n`.

import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';

  /** Feed a chunk; returns the complete, non-blank lines it finished. */
  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n', start)) {
      const line = this.pending.slice(start, nl).trim();
      if (line) lines.push(line);
      start = nl + 1;
    }
    this.pending = this.pending.slice(start);
    return lines;
  }

  /** The stream ended: the last line, if it had no trailing newline. */
  end(): string | undefined {
    const rest = (this.pending + this.decoder.end()).trim();
    this.pending = '';
    return rest || undefined;
  }
}
