// Plain-text tables for terminals: columns padded to their widest cell.
import stringWidth from 'string-width';

export type Align = 'l' | 'r';

/** Display width in terminal columns: wide characters (CJK, most emoji) count two (string-width). */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return align === 'r' ? fill + text : text + fill;
}

/**
 * Rows of cells as aligned lines. `style` may colour a cell after padding (colour codes have no
 * width), so alignment is computed on the plain text.
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
  style?: (text: string, row: number, col: number) => string,
): string[] {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[], row: number): string =>
    cells
      .map((c, i) => {
        // The last left-aligned column needs no padding (and trailing colour codes would keep it).
        const last = i === cells.length - 1 && (align[i] ?? 'l') === 'l';
        const padded = last ? c : pad(c, widths[i] ?? 0, align[i] ?? 'l');
        return style !== undefined && row >= 0 ? style(padded, row, i) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(header, -1), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r, i) => line(r, i))];
}
