import { describe, expect, it } from 'vitest';
import { findChangedSincePlan } from '../../src/plan/plan-verify.js';
import { computePlan } from '../../src/plan/planner.js';
import { restartMarkersIn } from '../../src/plan/restart-markers.js';
import { renderPlanJson } from '../../src/render/plan-json.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanText } from '../../src/render/plan-text.js';
import { DS, LS_BLOB, LS_SQL, PL, TR, appliedState, input, makeProject, res } from './fixtures.js';
import { expectGolden } from './golden.js';

/** The trigger as a manifest that does not state runtimeState declares it. */
const { runtimeState: _, ...unstated } = TR.properties;
const TR_UNSTATED = res('Trigger', 'Daily', unstated);
const MARKER = { 'adf-deploy-restart:Daily': 'stopped-by-adf-deploy' };

/** Live = the applied project, with the trigger in `state` and the factory's tags set to `tags`. */
function planWith(
  state: string,
  tags: Record<string, string>,
  desired = [TR_UNSTATED, PL, DS, LS_BLOB, LS_SQL],
  extra = {},
) {
  const live = appliedState(makeProject([TR_UNSTATED, PL, DS, LS_BLOB, LS_SQL]), computePlan, { Daily: state });
  live.factory!.body.tags = tags;
  return computePlan(input(makeProject(desired), live, extra)).plan;
}

describe('restart markers in the plan', () => {
  it('reads the marker names from the tags, case-insensitively, and nothing else', () => {
    expect(restartMarkersIn({ team: 'a', 'ADF-DEPLOY-RESTART:Daily': 'x', 'adf-deploy-restart:t 2': 'y' })).toEqual([
      'Daily',
      't 2',
    ]);
    expect(restartMarkersIn(undefined)).toEqual([]);
  });

  it('starts a marked trigger found stopped (manifest without runtimeState) and removes the marker', () => {
    const plan = planWith('Stopped', MARKER);
    expect(plan.triggers).toEqual([
      {
        address: 'Trigger/Daily',
        name: 'Daily',
        stop: false,
        start: true,
        reason: 'stopped by an interrupted apply: start it again',
      },
    ]);
    expect(plan.restartMarkers).toEqual(['Daily']);
    expect(plan.factory.action).toBe('no-op'); // the marker is not a tag difference
    expect(plan.hasChanges).toBe(true);
  });

  it('without a marker, the same stopped trigger is left alone (what the marker is for)', () => {
    const plan = planWith('Stopped', {});
    expect(plan.triggers).toEqual([]);
    expect(plan.restartMarkers).toBeUndefined();
    expect(plan.hasChanges).toBe(false);
  });

  it.each([
    ['the trigger is Started again', 'Started', [TR_UNSTATED, PL, DS, LS_BLOB, LS_SQL], {}, []],
    [
      'the manifest says Stopped',
      'Stopped',
      [res('Trigger', 'Daily', { ...unstated, runtimeState: 'Stopped' }), PL, DS, LS_BLOB, LS_SQL],
      {},
      [],
    ],
    ['the trigger is deleted (--prune)', 'Stopped', [PL, DS, LS_BLOB, LS_SQL], { prune: true }, []],
  ])('only removes the marker when %s', (_why, state, desired, extra, triggers) => {
    const plan = planWith(state, MARKER, desired, extra);
    expect(plan.triggers.filter((t) => t.start)).toEqual(triggers);
    expect(plan.restartMarkers).toEqual(['Daily']);
    expect(plan.hasChanges).toBe(true);
  });

  it('removes the marker of a trigger that no longer exists', () => {
    const plan = planWith('Stopped', { 'adf-deploy-restart:Gone': 'stopped-by-adf-deploy' });
    expect(plan.triggers).toEqual([]);
    expect(plan.restartMarkers).toEqual(['Gone']);
  });

  it('starts a marked trigger after its own update, once', () => {
    const changed = res('Trigger', 'Daily', { ...unstated, description: 'new' });
    const plan = planWith('Stopped', MARKER, [changed, PL, DS, LS_BLOB, LS_SQL]);
    expect(plan.changes.map((c) => `${c.action} ${c.address}`)).toEqual(['update Trigger/Daily']);
    expect(plan.triggers).toEqual([
      {
        address: 'Trigger/Daily',
        name: 'Daily',
        stop: false,
        start: true,
        reason: 'stopped by an interrupted apply: start it again',
      },
    ]);
  });

  it('leaves the marker of a trigger outside --target for a plan that covers it', () => {
    const plan = planWith('Stopped', MARKER, [TR_UNSTATED, PL, DS, LS_BLOB, LS_SQL], { targets: ['Dataset/DS_Input'] });
    expect(plan.triggers).toEqual([]);
    expect(plan.restartMarkers).toBeUndefined();
  });

  it('never shows a marker as a difference of the declared tags', () => {
    const live = appliedState(makeProject([PL], { tags: { team: 'data' } }), computePlan);
    live.factory!.body.tags = { team: 'data', ...MARKER };
    const plan = computePlan(input(makeProject([PL], { tags: { team: 'data' } }), live)).plan;
    expect(plan.factory.action).toBe('no-op');
    live.factory!.body.tags = { team: 'other', ...MARKER };
    const drift = computePlan(input(makeProject([PL], { tags: { team: 'data' } }), live)).plan;
    expect(drift.factory.changes).toEqual([{ path: ['tags', 'team'], op: 'replace', before: 'other', after: 'data' }]);
  });

  it('a saved plan no longer matches when the markers differ', () => {
    const saved = planWith('Started', MARKER);
    expect(findChangedSincePlan(saved, planWith('Started', MARKER))).toEqual([]);
    expect(findChangedSincePlan(saved, planWith('Started', {}))).toEqual(['restart markers']);
  });

  it.each([
    ['interrupted.text', () => renderPlanText(planWith('Stopped', MARKER)), 'adf-deploy-restart:Daily'],
    ['interrupted.md', () => renderPlanMarkdown(planWith('Stopped', MARKER)), 'adf-deploy-restart:Daily'],
    ['interrupted.json', () => renderPlanJson(planWith('Stopped', MARKER)), '"restartMarkers": [\n    "Daily"\n  ]'],
  ])('renders the start and the marker removal: %s (golden)', (name, render, marker) => {
    const text = render();
    expect(text).toContain('stopped by an interrupted apply');
    expect(text).toContain(marker);
    expectGolden(name, text);
  });
});
