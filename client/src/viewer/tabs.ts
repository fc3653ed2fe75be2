import type { ScreenMode } from '@contracts';

/** The viewer page's sections: 当前 (the stage, progress, reveal), 本轮排名, 总排名, and 红灰榜 while a series board is set up. */
export const VIEWER_TABS = ['now', 'round', 'overall', 'series'] as const;
export type ViewerTab = (typeof VIEWER_TABS)[number];

/**
 * The section that follows what the organizer put on the big screens, until the viewer picks one:
 * a remote hall's projector nobody touches follows the show.
 */
export function tabOfMode(mode: ScreenMode): ViewerTab {
  switch (mode) {
    case 'round_board':
      return 'round';
    case 'standings':
      return 'overall';
    case 'red_grey_board':
      return 'series';
    case 'stage':
    case 'viewer_qr':
      return 'now';
  }
}

/** On a wide screen the stage has its own column: the other column shows a board, the standings when chosen, else the round's. */
export const boardTab = (tab: ViewerTab): Exclude<ViewerTab, 'now'> => (tab === 'overall' || tab === 'series' ? tab : 'round');
