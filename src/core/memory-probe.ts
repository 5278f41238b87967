/**
 * The memory figures of the process for the parent that started it (`npm run bench -- --soak`): when the
 * app runs with an IPC channel and node's --expose-gc, the parent sends `{ probe: 'memory', gc }` and gets
 * the heap and the resident size back, after a full garbage collection when asked. Nothing else can ask:
 * no route, no signal; a process started otherwise (npm start, systemd) does not listen at all.
 */
import { getHeapCodeStatistics } from 'node:v8';

export interface MemoryFigures {
  /** V8 heap in use, in bytes (after a full collection when `gc` was asked). */
  heapUsed: number;
  heapTotal: number;
  rss: number;
  external: number;
  arrayBuffers: number;
  /**
   * Of heapUsed, what V8 holds for compiled code: machine code with its metadata (deoptimisation data,
   * relocation info) and bytecode. It grows while V8 optimises more functions under load and is V8's
   * to manage; the rest of the heap is the app's data.
   */
  codeAndMetadata: number;
  bytecodeAndMetadata: number;
  gc: boolean;
}

export const MEMORY_PROBE = 'memory';

function isProbe(message: unknown): message is { probe: string; gc?: boolean } {
  return typeof message === 'object' && message !== null && 'probe' in message && message.probe === MEMORY_PROBE;
}

export function answerMemoryProbes(): void {
  const collect = globalThis.gc;
  const send = process.send?.bind(process);
  if (!send || typeof collect !== 'function') return;
  process.on('message', (message: unknown) => {
    if (!isProbe(message)) return;
    if (message.gc) collect();
    const { heapUsed, heapTotal, rss, external, arrayBuffers } = process.memoryUsage();
    const code = getHeapCodeStatistics();
    const figures: MemoryFigures = {
      heapUsed,
      heapTotal,
      rss,
      external,
      arrayBuffers,
      codeAndMetadata: code.code_and_metadata_size,
      bytecodeAndMetadata: code.bytecode_and_metadata_size,
      gc: message.gc === true,
    };
    send({ probe: MEMORY_PROBE, figures });
  });
  // The channel alone must not keep the process alive (SIGTERM still ends it as usual).
  process.channel?.unref();
}
