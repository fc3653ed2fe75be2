import type { BoardZone, SeriesBoardRowView, SeriesBoardView } from '@contracts';

/** One place of the red and grey board, top first: its row once revealed, and a cut line drawn above it. */
export interface BoardSlot {
  key: string;
  position: number;
  row: SeriesBoardRowView | null;
  /** The zone the place is in (known from the cut lines before its row is revealed). */
  zone: BoardZone | null;
  /** Cut lines drawn just above this place: the red line ends the red board, the grey line starts the grey board. */
  lines: BoardZone[];
  /** The row and the one below it are statistically tied (差异在评分误差内), as declared. */
  tiedWithBelow: boolean;
}

/** The board's places, top first: revealed rows at the bottom, the rest still to come, the cut lines between. */
export function boardSlots(board: SeriesBoardView): BoardSlot[] {
  const byPosition = new Map(board.rows.map((row) => [row.position, row]));
  const greyFrom = board.total - board.greyRows;
  return Array.from({ length: board.total }, (_, position) => {
    const row = byPosition.get(position) ?? null;
    const zone: BoardZone | null = position < board.redRows ? 'red' : position >= greyFrom ? 'grey' : null;
    const lines: BoardZone[] = [];
    if (position > 0 && position === board.redRows) lines.push('red');
    if (position > 0 && position === greyFrom && board.greyRows > 0) lines.push('grey');
    return {
      key: row ? `row:${row.unit}` : `slot:${position}`,
      position,
      row,
      zone,
      lines,
      tiedWithBelow: row?.tiedWithBelow === true && byPosition.has(position + 1),
    };
  });
}
