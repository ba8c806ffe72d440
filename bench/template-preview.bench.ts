/**
 * Issue 15's designer target: the preview round trip for a starter template — the request the
 * designer sends when the design changes (POST …/templates/preview with the unsaved definition
 * and a sample data set) until the whole PDF has arrived — p50 ≤ 150 ms, on SQLite, over HTTP
 * on 127.0.0.1 with the owner's session, one request at a time (as the debounced designer
 * sends them). The layout request the designer sends alongside is measured too.
 */
import { performance } from 'node:perf_hooks';
import { TEMPLATE_STARTERS } from '../src/templates/starters/index.js';
import { createBenchPlatform, NullMailer, startBenchServer } from './bench-platform.js';
import { round, summarize } from './stats.js';
import type { Summary } from './stats.js';
import { tick } from './watchdog.js';

export const PREVIEW_TARGET_P50_MS = 150;

export interface TemplatePreviewRun {
  readonly starter: string;
  readonly requests: number;
  readonly preview: Summary;
  readonly layout: Summary;
  readonly pdfBytes: number;
}

export interface TemplatePreviewBenchmarkResult {
  readonly runs: readonly TemplatePreviewRun[];
  readonly meetsTarget: boolean;
}

export function describeTemplatePreview(result: TemplatePreviewBenchmarkResult): string {
  return result.runs
    .map(
      (run) =>
        `${run.starter}: preview p50 ${round(run.preview.p50)} ms, p90 ${round(run.preview.p90)} ms (target p50 ≤ ${PREVIEW_TARGET_P50_MS} ms) · layout p50 ${round(run.layout.p50)} ms · ${run.requests} requests, ${Math.round(run.pdfBytes / 1024)} KiB PDF`,
    )
    .join('\n');
}

export async function runTemplatePreviewBenchmark(options: {
  quick: boolean;
  log: (line: string) => void;
}): Promise<TemplatePreviewBenchmarkResult> {
  const platform = await createBenchPlatform({ dialect: 'sqlite', mailer: new NullMailer() });
  const server = await startBenchServer(platform.ctx);
  const requests = options.quick ? 20 : 100;
  const names = ['Ada Lovelace', 'Maximilian Alexander von Hohenzollern', 'ليلى الهاشمي', '张伟明'];
  const runs: TemplatePreviewRun[] = [];
  try {
    for (const starter of TEMPLATE_STARTERS) {
      const send = async (kind: 'preview' | 'layout', index: number) => {
        const started = performance.now();
        const response = await fetch(
          `${server.baseUrl}/api/organisations/${platform.organisationId}/templates/${kind}`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${platform.ownerSessionToken}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              definition: starter.definition,
              data: { recipient: { name: names[index % names.length] }, locale: 'en' },
            }),
          },
        );
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200)
          throw new Error(`${kind} answered ${response.status}: ${body.toString().slice(0, 200)}`);
        tick();
        return { ms: performance.now() - started, bytes: body.length };
      };
      for (let warm = 0; warm < 5; warm++) await send('preview', warm);
      const previews: number[] = [];
      const layouts: number[] = [];
      let pdfBytes = 0;
      for (let index = 0; index < requests; index++) {
        const preview = await send('preview', index);
        previews.push(preview.ms);
        pdfBytes = preview.bytes;
        layouts.push((await send('layout', index)).ms);
      }
      const run = {
        starter: starter.id,
        requests,
        preview: summarize(previews),
        layout: summarize(layouts),
        pdfBytes,
      };
      runs.push(run);
      options.log(describeTemplatePreview({ runs: [run], meetsTarget: true }));
    }
  } finally {
    await server.close();
    await platform.close();
  }
  return { runs, meetsTarget: runs.every((run) => run.preview.p50 <= PREVIEW_TARGET_P50_MS) };
}
