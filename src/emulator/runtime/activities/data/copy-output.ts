import type { ResolvedDataset } from './resolve.js';

export interface CopyStats {
  dataRead: number;
  dataWritten: number;
  filesRead: number;
  filesWritten: number;
  rowsRead: number;
  rowsCopied: number;
}

/** chosen: the emulator's integration runtime, in the service's "<IR name> (<region>)" form. */
export const EFFECTIVE_IR = 'DefaultIntegrationRuntime (Local)';

function storeType(ds: ResolvedDataset): string {
  return ds.account.endpoint.includes('.dfs.') ? 'AzureBlobFS' : 'AzureBlobStorage';
}

/** The Copy activity's output, with the fields the service reports (adf-runs-v1-facts A4), measured. */
export function copyOutput(
  stats: CopyStats,
  binary: boolean,
  source: ResolvedDataset,
  sink: ResolvedDataset,
  startMs: number,
  endMs: number,
): Record<string, unknown> {
  const seconds = Math.max(0, (endMs - startMs) / 1000);
  // KBps as the service reports it (134 bytes in 3 s -> 0.044 in the quickstart's run).
  const throughput = seconds > 0 ? Math.round((stats.dataRead / 1024 / seconds) * 1000) / 1000 : 0;
  const copyDuration = Math.round(seconds);
  const rows = binary ? {} : { rowsRead: stats.rowsRead, rowsCopied: stats.rowsCopied };
  return {
    dataRead: stats.dataRead,
    dataWritten: stats.dataWritten,
    filesRead: stats.filesRead,
    filesWritten: stats.filesWritten,
    ...rows,
    sourcePeakConnections: 1,
    sinkPeakConnections: 1,
    copyDuration,
    throughput,
    errors: [],
    effectiveIntegrationRuntime: EFFECTIVE_IR,
    usedDataIntegrationUnits: 4,
    billingReference: { activityType: 'DataMovement', billableDuration: [] },
    usedParallelCopies: 1,
    executionDetails: [
      {
        source: { type: storeType(source) },
        sink: { type: storeType(sink) },
        status: 'Succeeded',
        start: new Date(startMs).toISOString(),
        duration: copyDuration,
        usedDataIntegrationUnits: 4,
        usedParallelCopies: 1,
        profile: {
          queue: { status: 'Completed', duration: 0 },
          transfer: { status: 'Completed', duration: copyDuration },
        },
        detailedDurations: { queuingDuration: 0, transferDuration: copyDuration },
      },
    ],
    dataConsistencyVerification: { VerificationResult: 'NotVerified' },
    durationInQueue: { integrationRuntimeQueue: 0 },
  };
}
