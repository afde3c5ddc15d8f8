import type { Diagnostic } from '../core/diagnostic.js';
import { deepEqual } from '../diff/canonical.js';
import type { V1Project, V1Resource } from './project.js';

const FREQUENCIES = ['Minute', 'Hour', 'Day', 'Week', 'Month'];
const FACTORY_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields a scheduler must share with the output availability (V1 docs: they must be equal). */
function scheduleOf(a: Record<string, unknown>): Record<string, unknown> {
  return {
    frequency: a.frequency,
    interval: a.interval,
    style: a.style ?? 'EndOfInterval',
    anchorDateTime: a.anchorDateTime,
    offset: a.offset,
  };
}

/** V1's rules (adf-runs-v1-facts B1, B2, B4): names, references, availability, scheduler = output availability, start and end together. */
export function validateV1Project(project: V1Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (r: V1Resource, p: (string | number)[], code: string, message: string, hint?: string) =>
    out.push({
      severity: 'error',
      code,
      message,
      hint,
      location: r.locate(p),
      path: p,
      resource: `${r.kind}/${r.name}`,
    });
  const f = project.factory.name;
  if (f && (f.length < 3 || f.length > 63 || !FACTORY_NAME.test(f)))
    out.push({
      severity: 'error',
      code: 'v1.factory-name',
      message: `factory name '${f}' is invalid`,
      hint: '3 to 63 letters, digits and single dashes, starting and ending with a letter or digit',
    });
  const byKind = (kind: V1Resource['kind']) =>
    new Map(project.resources.filter((r) => r.kind === kind).map((r) => [r.name.toLowerCase(), r]));
  const seen = new Map<string, V1Resource>();
  for (const r of project.resources) {
    const key = `${r.kind}/${r.name.toLowerCase()}`;
    if (seen.has(key))
      at(
        r,
        ['name'],
        'v1.duplicate',
        `${r.kind} '${r.name}' is defined twice (also in ${seen.get(key)?.file}); names are case-insensitive`,
      );
    seen.set(key, r);
    if (r.name.length > 260 || !/^[A-Za-z0-9_]/.test(r.name) || /[.+?/<>*%&:\\]/.test(r.name))
      at(
        r,
        ['name'],
        'v1.name',
        `name '${r.name}' is invalid`,
        'at most 260 characters, starting with a letter, digit or _, none of . + ? / < > * % & : \\',
      );
  }
  const services = byKind('linkedservices');
  const datasets = byKind('datasets');
  for (const r of project.resources) {
    const p = r.properties;
    if (r.kind === 'linkedservices' && typeof p.type !== 'string')
      at(r, ['properties'], 'v1.type', "a linked service needs 'type'");
    if (r.kind === 'datasets') {
      if (typeof p.linkedServiceName !== 'string' || !services.has(p.linkedServiceName.toLowerCase()))
        at(
          r,
          ['properties', 'linkedServiceName'],
          'ref.missing',
          `linked service '${String(p.linkedServiceName)}' is not defined`,
        );
      const a = p.availability;
      if (!isObj(a))
        at(
          r,
          ['properties'],
          'v1.availability',
          "a dataset needs 'availability' (frequency and interval)",
          'e.g. availability: {frequency: Hour, interval: 1}',
        );
      else {
        if (!FREQUENCIES.includes(String(a.frequency)))
          at(
            r,
            ['properties', 'availability', 'frequency'],
            'v1.availability',
            `frequency '${String(a.frequency)}' is not one of ${FREQUENCIES.join(', ')}`,
          );
        if (!Number.isInteger(a.interval) || (a.interval as number) < 1)
          at(r, ['properties', 'availability', 'interval'], 'v1.availability', 'interval must be a positive integer');
        else if (a.frequency === 'Minute' && (a.interval as number) < 15)
          out.push({
            severity: 'warning',
            code: 'v1.availability',
            message: 'a Minute frequency should use an interval of 15 or more',
            location: r.locate(['properties', 'availability', 'interval']),
          });
      }
    }
    if (r.kind === 'datapipelines') {
      if ((p.start === undefined) !== (p.end === undefined))
        at(
          r,
          ['properties', p.start === undefined ? 'end' : 'start'],
          'v1.active-period',
          "'start' and 'end' must be given together",
        );
      for (const k of ['start', 'end'] as const)
        if (p[k] !== undefined && Number.isNaN(Date.parse(String(p[k]))))
          at(r, ['properties', k], 'v1.active-period', `'${k}' is not an ISO 8601 date-time`);
      const acts = Array.isArray(p.activities) ? p.activities : [];
      if (!Array.isArray(p.activities)) at(r, ['properties'], 'v1.activities', "a pipeline needs 'activities'");
      for (const [i, act] of acts.entries()) {
        if (!isObj(act)) continue;
        for (const io of ['inputs', 'outputs'] as const)
          for (const [j, ref] of (Array.isArray(act[io]) ? act[io] : []).entries()) {
            const name = isObj(ref) ? ref.name : undefined;
            if (typeof name !== 'string' || !datasets.has(name.toLowerCase()))
              at(r, ['properties', 'activities', i, io, j], 'ref.missing', `dataset '${String(name)}' is not defined`);
          }
        const outputs = Array.isArray(act.outputs) ? act.outputs : [];
        const first =
          outputs.length > 0 && isObj(outputs[0]) ? datasets.get(String(outputs[0].name).toLowerCase()) : undefined;
        const avail = first?.properties.availability;
        if (isObj(act.scheduler) && isObj(avail) && !deepEqual(scheduleOf(act.scheduler), scheduleOf(avail)))
          at(
            r,
            ['properties', 'activities', i, 'scheduler'],
            'v1.scheduler',
            `activity '${String(act.name)}': the scheduler must equal the availability of its output '${first?.name}'`,
            `output availability: ${JSON.stringify(avail)}`,
          );
        if (outputs.length === 0)
          at(
            r,
            ['properties', 'activities', i],
            'v1.outputs',
            `activity '${String(act.name)}' needs at least one output dataset (it drives the schedule)`,
          );
      }
    }
  }
  return out;
}
