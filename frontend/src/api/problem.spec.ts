import { describe, expect, it } from 'vitest';
import { ApiError, errorMessage, fieldErrorMap, toApiError, topLevelField } from './problem';
import { unwrap } from './call';

const t = (key: string, named?: Record<string, unknown>) => (named ? `${key}:${JSON.stringify(named)}` : key);

const validation = {
  type: 'https://foresight.dev/problems/validation',
  title: '校验失败',
  status: 422,
  detail: '提交的内容有 2 处错误',
  instance: '/api/v1/zones',
  request_id: 'req-1',
  errors: [
    { field: 'polygon', code: 'self_intersecting', message: '多边形的边相互交叉' },
    { field: 'name', code: 'required', message: '名称不能为空' },
  ],
};

describe('problem documents', () => {
  it('shows the server’s localised detail', () => {
    expect(errorMessage(toApiError(422, validation), t)).toBe('提交的内容有 2 处错误');
  });

  it('falls back to the title, then to our own words for the status', () => {
    expect(errorMessage(toApiError(409, { type: 'x', title: 'Conflict', status: 409 }), t)).toBe('Conflict');
    expect(errorMessage(toApiError(412, 'not json'), t)).toBe('errors.status.412');
    expect(errorMessage(toApiError(503, null), t)).toBe('errors.status.5xx');
    expect(errorMessage(toApiError(418, null), t)).toBe('errors.unexpected');
  });

  it('lists field messages when there is no detail', () => {
    const { detail: _detail, ...noDetail } = validation;
    expect(errorMessage(toApiError(422, noDetail), t)).toBe('多边形的边相互交叉; 名称不能为空');
  });

  it('adds the request id to server failures so support can find the log line', () => {
    const message = errorMessage(
      toApiError(500, { type: 'about:blank', title: 'Internal error', status: 500, detail: '服务器出错', request_id: 'abc' }),
      t,
    );
    expect(message).toBe('errors.withRequestId:{"message":"服务器出错","id":"abc"}');
  });

  it('never shows raw JSON for a non-problem body', () => {
    const message = errorMessage(toApiError(400, { unexpected: true }), t);
    expect(message).toBe('errors.status.400');
  });

  it('words network failures and non-API errors', () => {
    expect(errorMessage(new ApiError(0, null), t)).toBe('errors.network');
    expect(errorMessage(new TypeError('boom'), t)).toBe('errors.unexpected');
  });

  it('maps field errors onto top-level form items', () => {
    expect(fieldErrorMap(validation.errors)).toEqual({ polygon: '多边形的边相互交叉', name: '名称不能为空' });
    expect(
      fieldErrorMap([
        { field: 'polygon[3]', code: 'a', message: 'm1' },
        { field: '/polygon/4', code: 'b', message: 'm2' },
      ]),
    ).toEqual({ polygon: 'm1; m2' });
    expect(topLevelField('body.name')).toBe('body');
    expect(topLevelField('$.email')).toBe('email');
  });
});

describe('unwrap', () => {
  it('returns data on success and throws ApiError with the problem otherwise', async () => {
    const ok = new Response('{}', { status: 200 });
    await expect(unwrap(Promise.resolve({ data: 5, response: ok }))).resolves.toBe(5);
    const bad = new Response('{}', { status: 422 });
    const error = await unwrap(Promise.resolve({ error: validation, response: bad })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).fieldErrors).toHaveLength(2);
    expect((error as ApiError).requestId).toBe('req-1');
  });

  it('turns a failed fetch into a network error', async () => {
    const error = await unwrap(Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
  });
});
