// Splits a byte stream into lines, for watch responses (one JSON event per line) and pod logs.
// Chunks may end anywhere: inside a line, inside a multi-byte UTF-8 character, between `\r`
// and `\n`.

import { StringDecoder } from 'node:string_decoder';

export interface LineSplitterOptions {
  /**
   * Keep lines as written (log lines): only the line ending (`\n` or `\r\n`) is removed and
   * blank lines are kept. By default lines are trimmed and blank ones dropped (watch events).
   */
  verbatim?: boolean;
}

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private readonly verbatim: boolean;

  constructor(options: LineSplitterOptions = {}) {
    this.verbatim = options.verbatim ?? false;
  }

  /** Feed a chunk; returns the complete lines it finished (non-blank ones unless verbatim). */
  push(chunk: Buffer | string): string[] {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n', start)) {
      const line = this.clean(this.pending.slice(start, nl));
      if (line || this.verbatim) lines.push(line);
      start = nl + 1;
    }
    this.pending = this.pending.slice(start);
    return lines;
  }

  /** The stream ended: the last line, if it had no trailing newline. */
  end(): string | undefined {
    const rest = this.clean(this.pending + this.decoder.end());
    this.pending = '';
    return rest || undefined;
  }

  private clean(line: string): string {
    return this.verbatim ? line.replace(/\r$/, '') : line.trim();
  }
}
