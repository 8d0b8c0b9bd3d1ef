import { describe, expect, it } from 'vitest';
import { viewOf, viewSchema } from '../../flows/view.ts';
import { allTransitions, exploreSession, LiveSession, ReplayBench } from './support/model-replay.ts';
import { statePath } from './support/harness.ts';

/**
 * Model-based test: @xstate/graph explores the session chart with every intent, every world
 * change (kiosk status, card), every completion of every invoked actor (one sample per branch)
 * and every timer. Each edge is then replayed on a live session — real actors, scripted ports,
 * simulated clock — and the live state must be the one the model predicts. Together the replays
 * must take every transition the chart defines, and every state must project a valid view.
 */
describe('session model', () => {
  const model = exploreSession();

  it('reaches every state node of the chart', () => {
    const reached = new Set<string>();
    for (const snap of model.states.values()) {
      for (const n of (snap as unknown as { _nodes: Array<{ id: string }> })._nodes) reached.add(n.id);
    }
    const all = [...allTransitions(model.machine).values()].map((d) => d.split(' --')[0] as string);
    for (const id of new Set(all)) expect(reached, id).toContain(id);
  });

  it('projects a valid view, in which the screen offers only what the session accepts, in every state', () => {
    for (const snap of model.states.values()) {
      const view = viewSchema.parse(viewOf(snap, { idleMsLeft: 15_000 }));
      if (view.screen === 'attract') expect(view.actions).toContain('start');
      if (view.screen !== 'printing') expect(view.progress).toBeNull();
      if (view.screen === 'thank-you' || view.screen === 'ended' || view.screen === 'attract' || view.screen === 'out-of-service') {
        expect(view.citizen).toBeNull();
        expect(view.documents).toEqual([]);
      }
    }
  });

  it('replays every edge on a live session and together takes every transition', async () => {
    const bench = new ReplayBench();
    const taken = new Set<string>();
    const mismatches: string[] = [];
    for (const edge of model.edges) {
      const live = new LiveSession(bench);
      try {
        for (const e of model.pathTo.get(edge.from) ?? []) await live.apply(e);
        await live.apply(edge.event);
        const got = JSON.stringify(live.actor.getSnapshot().value);
        const want = JSON.stringify(edge.expected);
        if (got !== want) mismatches.push(`${edge.from} + ${edge.event.type}: model ${want}, live ${got} (${statePath(edge.expected)})`);
      } finally {
        for (const t of live.taken) taken.add(t);
        live.stop();
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    const missing = [...allTransitions(model.machine).values()].filter((d) => !taken.has(d));
    expect(missing).toEqual([]);
  }, 300_000);
});
