// Errors that carry their HTTP meaning. Commands throw these; the error handler in app.ts turns
// them into {"error": {"code", "message"}} — never a 500 for anything a caller did.

export class AppError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

export const badRequest = (field: string, message: string) => new AppError(400, 'invalid_input', `${field}：${message}`, field);
export const unauthorized = (message = '请先登录') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = '无权执行此操作') => new AppError(403, 'forbidden', message);
export const notFound = (what = '记录') => new AppError(404, 'not_found', `${what}不存在`);
export const conflict = (message: string, code = 'invalid_state') => new AppError(409, code, message);
export const tooMany = (message: string) => new AppError(429, 'too_many_requests', message);
export const payloadTooLarge = (message: string) => new AppError(413, 'payload_too_large', message);
export const unsupportedMedia = (message: string) => new AppError(415, 'unsupported_media_type', message);
