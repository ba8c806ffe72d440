import type { CommandIo } from './command.js';

/** Reads one line from a terminal without echoing it (passwords). */
export function readHiddenLine(io: CommandIo, question: string): Promise<string> {
  const input = io.stdin as NodeJS.ReadStream;
  io.err(question);
  return new Promise((resolve, reject) => {
    let line = '';
    input.setRawMode(true);
    input.resume();
    const onData = (chunk: Buffer) => {
      for (const character of chunk.toString('utf8')) {
        if (character === '\u0003') {
          cleanup();
          reject(new Error('cancelled'));
          return;
        }
        if (character === '\r' || character === '\n') {
          cleanup();
          io.err('\n');
          resolve(line);
          return;
        }
        line = character === '\u007f' ? line.slice(0, -1) : line + character;
      }
    };
    const cleanup = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
    };
    input.on('data', onData);
  });
}
