/**
 * The one text form of a table row that every loader writes: cells joined by " | ", one row a line, the
 * rows of one table one paragraph, the header row (when the table has one) first. The answer engine
 * reads a paragraph whose lines all contain " | " as a table.
 */

/** Stands for an empty cell, so the cells after it stay under their column's header. */
export const EMPTY_CELL = '–';
export const CELL_SEPARATOR = ' | ';

/**
 * Lines for a table's rows: cell text on one line (a " | " inside a cell becomes " / "), columns that
 * are empty in every row dropped, empty rows dropped. Under a header row (`headed`) an empty cell is
 * written as "–", so the cells after it stay under their column's header; without one it is left out.
 */
export function tableLines(rows: readonly (readonly string[])[], headed: boolean): string[] {
  const cleaned = rows.map((row) => row.map((cell) => cell.replace(/\s+/g, ' ').replace(/ \| /g, ' / ').trim()));
  const width = Math.max(0, ...cleaned.map((row) => row.length));
  const usedColumns = Array.from({ length: width }, (_, column) => cleaned.some((row) => (row[column] ?? '') !== '')).flatMap(
    (used, column) => (used ? [column] : []),
  );
  return cleaned
    .filter((row) => row.some((cell) => cell !== ''))
    .map((row) =>
      usedColumns
        .map((column) => row[column] || (headed ? EMPTY_CELL : ''))
        .filter((cell) => cell !== '')
        .join(CELL_SEPARATOR),
    );
}

/** A first row that reads like a header: two or more cells, all filled, none with figures. */
export function looksLikeHeaderRow(row: readonly string[] | undefined): boolean {
  return row !== undefined && row.length >= 2 && row.every((cell) => cell.trim() !== '' && !/\d/.test(cell));
}
