import { describe, expect, it } from 'vitest';
import { dispositionFilename, issuesByRow, issuesFromProblem, nextSteps, parseCell, tableRows, type CellIssue } from './importReport';

const issue = (row: number, column: string, message = 'bad'): CellIssue => ({
  row,
  column,
  header: column === 'H' ? '暴露频率 E' : '名称',
  cell: `${column}${row}`,
  code: 'not_in_scale',
  message,
});

describe('import issues as rows', () => {
  it('reads cell references, and nothing else', () => {
    expect(parseCell('H7')).toEqual({ column: 'H', row: 7 });
    expect(parseCell('aa12')).toEqual({ column: 'AA', row: 12 });
    expect(parseCell('assessment.l')).toBeNull();
    expect(parseCell('H0')).toBeNull();
  });

  it('groups by Excel row in sheet order, column B before AA', () => {
    const grouped = issuesByRow([issue(9, 'B'), issue(7, 'AA'), issue(7, 'H'), issue(7, 'B')]);
    expect(grouped.map((g) => g.row)).toEqual([7, 9]);
    expect(grouped[0]!.issues.map((i) => i.column)).toEqual(['B', 'H', 'AA']);
  });

  it('gives the first issue of a row the row span so the table merges the row number', () => {
    expect(tableRows([issue(7, 'H'), issue(7, 'B'), issue(9, 'B')]).map((r) => [r.cell, r.span])).toEqual([
      ['B7', 2],
      ['H7', 0],
      ['B9', 1],
    ]);
  });

  it("maps an all-or-nothing 422's cell errors onto rows and keeps their messages", () => {
    const issues = issuesFromProblem([
      { field: 'H7', code: 'not_in_scale', message: '第 7 行 H 列（暴露频率 E）：6.5 不是允许值' },
      { field: 'C5', code: 'unknown_zone', message: '第 5 行 C 列（区域）：未知区域' },
      { field: 'file', message: 'not a workbook' },
    ]);
    expect(issues.map((i) => [i.row, i.column, i.cell])).toEqual([
      [5, 'C', 'C5'],
      [7, 'H', 'H7'],
    ]);
    expect(issues[1]!.message).toContain('暴露频率 E');
  });
});

describe('after a preview', () => {
  it('offers keeping the valid rows only when there are some, and all-or-nothing only when none is bad', () => {
    expect(nextSteps({ rows: 3, valid: 2, invalid: 1, created: 0, dry_run: true })).toEqual({ keepValid: true, allOrNothing: false });
    expect(nextSteps({ rows: 2, valid: 2, invalid: 0, created: 0, dry_run: true })).toEqual({ keepValid: true, allOrNothing: true });
    expect(nextSteps({ rows: 1, valid: 0, invalid: 1, created: 0, dry_run: true })).toEqual({ keepValid: false, allOrNothing: false });
    expect(nextSteps({ rows: 0, valid: 0, invalid: 0, created: 0, dry_run: true })).toEqual({ keepValid: false, allOrNothing: false });
  });
});

describe('download names', () => {
  it('takes the server’s file name, or the fallback', () => {
    expect(dispositionFilename('attachment; filename="hazards-20261130.xlsx"', 'x.xlsx')).toBe('hazards-20261130.xlsx');
    expect(dispositionFilename("attachment; filename*=UTF-8''%E9%A3%8E%E9%99%A9.xlsx", 'x.xlsx')).toBe('风险.xlsx');
    expect(dispositionFilename(null, 'x.xlsx')).toBe('x.xlsx');
  });
});
