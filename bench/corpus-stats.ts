import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What a real pipeline looks like, measured from ../shared/corpus at run time (never copied into the
 * repository). Without the corpus, the defaults below are the figures measured on it on 2026-11-22.
 */
export interface CorpusStats {
  source: 'corpus' | 'defaults';
  factories: number;
  pipelines: number;
  /** Mean activities per pipeline, nested ones (ForEach, If, Switch, Until) included. */
  activitiesPerPipeline: number;
  /** Mean size of a pipeline's `properties`, serialised as compact JSON. */
  bytesPerPipeline: number;
  /** Share of each Studio folder (linkedService, dataset, ...) among all objects. */
  kindShare: Record<string, number>;
}

export const DEFAULT_STATS: CorpusStats = {
  source: 'defaults',
  factories: 9,
  pipelines: 156,
  activitiesPerPipeline: 3.34,
  bytesPerPipeline: 2784,
  kindShare: {
    linkedService: 0.37,
    dataset: 0.25,
    pipeline: 0.23,
    integrationRuntime: 0.05,
    trigger: 0.05,
    dataflow: 0.03,
    credential: 0.004,
  },
};

function countActivities(list: unknown): number {
  if (!Array.isArray(list)) return 0;
  let n = 0;
  for (const a of list as Array<Record<string, unknown>>) {
    n++;
    const tp = (a?.typeProperties ?? {}) as Record<string, unknown>;
    for (const key of ['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities'])
      n += countActivities(tp[key]);
    if (Array.isArray(tp.cases))
      for (const c of tp.cases as Array<Record<string, unknown>>) n += countActivities(c?.activities);
  }
  return n;
}

/** Measure the corpus under `corpusDir` (../shared/corpus), or return the defaults when it is absent. */
export function readCorpusStats(corpusDir: string): CorpusStats {
  if (!existsSync(corpusDir)) return DEFAULT_STATS;
  const counts: Record<string, number> = {};
  let total = 0;
  let pipelines = 0;
  let activities = 0;
  let bytes = 0;
  let factories = 0;
  for (const factory of readdirSync(corpusDir)) {
    const fdir = path.join(corpusDir, factory);
    if (!statSync(fdir).isDirectory()) continue;
    factories++;
    for (const folder of readdirSync(fdir)) {
      const kdir = path.join(fdir, folder);
      if (folder === 'factory' || !statSync(kdir).isDirectory()) continue;
      for (const file of readdirSync(kdir).filter((f) => f.endsWith('.json'))) {
        counts[folder] = (counts[folder] ?? 0) + 1;
        total++;
        if (folder !== 'pipeline') continue;
        try {
          const doc = JSON.parse(readFileSync(path.join(kdir, file), 'utf8').replace(/^\uFEFF/, '')) as {
            properties?: Record<string, unknown>;
          };
          pipelines++;
          activities += countActivities(doc.properties?.activities);
          bytes += JSON.stringify(doc.properties ?? {}).length;
        } catch {
          // An unreadable file says nothing about sizes; skip it.
        }
      }
    }
  }
  if (pipelines === 0 || total === 0) return DEFAULT_STATS;
  const kindShare = Object.fromEntries(
    Object.entries(counts).map(([k, v]) => [k, Math.round((v / total) * 1000) / 1000]),
  );
  return {
    source: 'corpus',
    factories,
    pipelines,
    activitiesPerPipeline: Math.round((activities / pipelines) * 100) / 100,
    bytesPerPipeline: Math.round(bytes / pipelines),
    kindShare,
  };
}
