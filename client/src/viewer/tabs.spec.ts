import { describe, expect, it } from 'vitest';
import { SCREEN_MODES } from '@contracts';
import { boardTab, tabOfMode } from './tabs.js';

describe(tabOfMode.name, () => {
  it('follows the big screens: the stage and the QR code to 当前, the boards to theirs', () => {
    expect(SCREEN_MODES.map(tabOfMode)).toEqual(['now', 'round', 'overall', 'now', 'series']);
  });
});

describe(boardTab.name, () => {
  it('puts the round board beside the stage unless the standings are chosen', () => {
    expect([boardTab('now'), boardTab('round'), boardTab('overall'), boardTab('series')]).toEqual(['round', 'round', 'overall', 'series']);
  });
});
