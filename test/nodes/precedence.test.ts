// The SWIM precedence rules, unit by unit, and as a node applies them to messages
// arriving in any order.

import { describe, expect, it } from 'vitest';
import { aliveWins, deadWins, newer, suspectEffect } from '../../nodes/core/precedence.js';
import { stateRank } from '../../nodes/core/messages.js';
import { Rng, SwimNode, resolveParams } from '../../nodes/core/index.js';
import { assemblePacket, encodeMessage } from '../../nodes/core/codec.js';
import type { Message } from '../../nodes/core/messages.js';

describe('precedence rules', () => {
  it('alive: only a higher incarnation replaces a known record', () => {
    expect(aliveWins(undefined, 0)).toBe(true);
    expect(aliveWins({ state: 'alive', incarnation: 3 }, 3)).toBe(false);
    expect(aliveWins({ state: 'suspect', incarnation: 3 }, 3)).toBe(false);
    expect(aliveWins({ state: 'suspect', incarnation: 3 }, 4)).toBe(true);
    expect(aliveWins({ state: 'dead', incarnation: 3 }, 3)).toBe(false);
    expect(aliveWins({ state: 'dead', incarnation: 3 }, 4)).toBe(true);
  });

  it('suspect: beats alive at equal incarnation, confirms a suspicion, never touches dead', () => {
    expect(suspectEffect(undefined, 5)).toBe('ignore');
    expect(suspectEffect({ state: 'alive', incarnation: 3 }, 3)).toBe('suspect');
    expect(suspectEffect({ state: 'alive', incarnation: 3 }, 2)).toBe('ignore');
    expect(suspectEffect({ state: 'alive', incarnation: 3 }, 4)).toBe('suspect');
    expect(suspectEffect({ state: 'suspect', incarnation: 3 }, 3)).toBe('confirm');
    expect(suspectEffect({ state: 'dead', incarnation: 3 }, 3)).toBe('ignore');
    expect(suspectEffect({ state: 'left', incarnation: 3 }, 9)).toBe('ignore');
  });

  it('dead: beats alive and suspect at equal incarnation, loses to a higher one', () => {
    expect(deadWins(undefined, 1)).toBe(false);
    expect(deadWins({ state: 'alive', incarnation: 3 }, 3)).toBe(true);
    expect(deadWins({ state: 'suspect', incarnation: 3 }, 3)).toBe(true);
    expect(deadWins({ state: 'alive', incarnation: 4 }, 3)).toBe(false);
    expect(deadWins({ state: 'dead', incarnation: 3 }, 4)).toBe(false);
  });

  it('digest comparison orders by incarnation, then state rank', () => {
    expect(newer(4, 'alive', { state: 'dead', incarnation: 3 }, stateRank)).toBe(true);
    expect(newer(3, 'suspect', { state: 'alive', incarnation: 3 }, stateRank)).toBe(true);
    expect(newer(3, 'alive', { state: 'suspect', incarnation: 3 }, stateRank)).toBe(false);
    expect(newer(3, 'left', { state: 'dead', incarnation: 3 }, stateRank)).toBe(false);
  });
});

describe('a node applying the rules', () => {
  const params = resolveParams('lan');
  function fresh(): SwimNode {
    const n = new SwimNode({ id: 'me', addr: '10.0.0.1:7946', params, rng: new Rng(1) });
    n.start(0);
    n.drainEvents();
    return n;
  }
  const feed = (n: SwimNode, msgs: Message[], now = 1): void => n.handle(assemblePacket(msgs.map(encodeMessage)), '10.0.0.2:7946', now);
  const stateOf = (n: SwimNode, id: string) => n.view().members.find((m) => m.id === id);

  it('ends in the same state whatever order alive/suspect/dead for one incarnation arrive in', () => {
    const msgs: Message[] = [
      { t: 'alive', id: 'x', addr: '10.0.0.9:7946', inc: 2 },
      { t: 'suspect', id: 'x', inc: 2, from: 'y' },
      { t: 'dead', id: 'x', inc: 2, from: 'y' },
    ];
    const first = fresh();
    feed(first, [{ t: 'alive', id: 'x', addr: '10.0.0.9:7946', inc: 1 }]);
    feed(first, msgs);
    const reversed = fresh();
    feed(reversed, [{ t: 'alive', id: 'x', addr: '10.0.0.9:7946', inc: 1 }]);
    feed(reversed, [...msgs].reverse());
    expect(stateOf(first, 'x')).toMatchObject({ state: 'dead', incarnation: 2 });
    expect(stateOf(reversed, 'x')).toMatchObject({ state: 'dead', incarnation: 2 });
    feed(first, [{ t: 'alive', id: 'x', addr: '10.0.0.9:7946', inc: 3 }]);
    expect(stateOf(first, 'x')).toMatchObject({ state: 'alive', incarnation: 3 });
  });

  it('only the member itself raises its incarnation, above the accusation', () => {
    const n = fresh();
    feed(n, [{ t: 'suspect', id: 'me', inc: 0, from: 'y' }]);
    expect(stateOf(n, 'me')).toMatchObject({ state: 'alive', incarnation: 1 });
    feed(n, [{ t: 'dead', id: 'me', inc: 7, from: 'y' }]);
    expect(stateOf(n, 'me')).toMatchObject({ state: 'alive', incarnation: 8 });
    feed(n, [{ t: 'suspect', id: 'me', inc: 2, from: 'y' }]);
    expect(stateOf(n, 'me')).toMatchObject({ state: 'alive', incarnation: 8 });
    expect(n.drainEvents()).toEqual([
      { type: 'member', member: 'me', state: 'alive', incarnation: 1 },
      { type: 'member', member: 'me', state: 'alive', incarnation: 8 },
    ]);
  });

  it('with bugNeverRefute a suspected node never raises its incarnation', () => {
    const n = new SwimNode({ id: 'me', addr: '10.0.0.1:7946', params: { ...params, bugNeverRefute: true }, rng: new Rng(1) });
    n.start(0);
    feed(n, [{ t: 'suspect', id: 'me', inc: 0, from: 'y' }, { t: 'dead', id: 'me', inc: 0, from: 'y' }]);
    expect(stateOf(n, 'me')).toMatchObject({ state: 'alive', incarnation: 0 });
  });
});
