//! The register's Excel import as the dialog shows it: the server's per-cell issues (from a dry run's or a
//! keep_valid import's report, or from the 422 problem an all_or_nothing import answers with, whose field
//! is the cell reference `H7`) as table rows naming the Excel row, column letter and header, grouped by row.

/** One bad cell, as the ImportReport's `errors` carry it. */
export interface CellIssue {
  row: number;
  column: string;
  header: string;
  cell: string;
  code: string;
  message: string;
}

/** The ImportReport's counts (the server's schema). */
export interface ImportCounts {
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  dry_run: boolean;
}

/** `H7` → { column: 'H', row: 7 }; null for anything that is not a cell reference. */
export function parseCell(ref: string): { column: string; row: number } | null {
  const m = /^([A-Z]{1,3})([1-9]\d{0,6})$/.exec(ref.trim().toUpperCase());
  return m ? { column: m[1]!, row: Number(m[2]) } : null;
}

/** Column letters in sheet order: B before AA. */
function columnOrder(a: string, b: string): number {
  return a.length - b.length || a.localeCompare(b);
}

/** Issues sorted as the sheet reads: by row, then column. */
export function sortIssues<T extends { row: number; column: string }>(issues: readonly T[]): T[] {
  return [...issues].sort((a, b) => a.row - b.row || columnOrder(a.column, b.column));
}

/**
 * The 422 problem of an all_or_nothing import as cell issues: each field error names a cell (`H7`), its
 * message already names row, column and header. Field errors that name no cell are left out (the caller
 * shows the problem's detail instead).
 */
export function issuesFromProblem(errors: readonly { field: string; code?: string; message: string }[]): CellIssue[] {
  const out: CellIssue[] = [];
  for (const e of errors) {
    const at = parseCell(e.field);
    if (!at) continue;
    out.push({ row: at.row, column: at.column, header: '', cell: `${at.column}${at.row}`, code: e.code ?? '', message: e.message });
  }
  return sortIssues(out);
}

/** Issues grouped by Excel row, rows in order: how many rows are bad, and what is wrong with each. */
export function issuesByRow(issues: readonly CellIssue[]): { row: number; issues: CellIssue[] }[] {
  const rows = new Map<number, CellIssue[]>();
  for (const issue of sortIssues(issues)) {
    const list = rows.get(issue.row) ?? [];
    list.push(issue);
    rows.set(issue.row, list);
  }
  return [...rows.entries()].map(([row, list]) => ({ row, issues: list }));
}

/** The rows of the error table: the first issue of a row carries the row's span, so the table merges the row cell. */
export function tableRows(issues: readonly CellIssue[]): (CellIssue & { span: number })[] {
  return issuesByRow(issues).flatMap(({ issues: list }) => list.map((issue, i) => ({ ...issue, span: i === 0 ? list.length : 0 })));
}

/** What the next step of the dialog can offer after a preview. */
export function nextSteps(preview: ImportCounts): { keepValid: boolean; allOrNothing: boolean } {
  return {
    // Keeping the valid rows means something only when there are some.
    keepValid: preview.valid > 0,
    // All or nothing can only succeed when every row is valid.
    allOrNothing: preview.rows > 0 && preview.invalid === 0,
  };
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file name from a Content-Disposition header, else the fallback. */
export function dispositionFilename(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      /* fall through to the plain name */
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1]!.trim() : fallback;
}
