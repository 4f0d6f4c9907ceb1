// Turns a JSON-schema validation failure into one Chinese sentence that names the field.
interface AjvError { instancePath: string; keyword: string; params: Record<string, any>; message?: string }

function fieldOf(context: string, e: AjvError): string {
  const path = e.instancePath.replace(/^\//, '').split('/').filter(Boolean)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : (i ? '.' : '') + p)).join('');
  const missing = e.keyword === 'required' ? e.params.missingProperty : e.keyword === 'additionalProperties' ? e.params.additionalProperty : null;
  const full = missing ? (path ? `${path}.${missing}` : missing) : path;
  return full || context;
}

function describe(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case 'required': return '必填';
    case 'additionalProperties': return '不是可接受的字段';
    case 'type': return `类型应为${({ string: '字符串', number: '数字', integer: '整数', boolean: '布尔值', object: '对象', array: '数组' } as Record<string, string>)[p.type] ?? p.type}`;
    case 'minLength': return `长度不能少于${p.limit}个字符`;
    case 'maxLength': return `长度不能超过${p.limit}个字符`;
    case 'minimum': return `不能小于${p.limit}`;
    case 'maximum': return `不能大于${p.limit}`;
    case 'exclusiveMinimum': return `须大于${p.limit}`;
    case 'minItems': return `至少需要${p.limit}项`;
    case 'maxItems': return `最多${p.limit}项`;
    case 'enum': return `取值须为：${(p.allowedValues ?? []).join('、')}`;
    case 'const': return `取值须为：${p.allowedValue}`;
    case 'pattern': return '格式不正确';
    case 'format': return `格式应为 ${p.format}`;
    default: return e.message ?? '不符合要求';
  }
}

export function validationMessage(context: string, errors: AjvError[]): { field: string; message: string } {
  const e = errors[0];
  const field = fieldOf(context, e);
  return { field, message: `${field}：${describe(e)}` };
}
