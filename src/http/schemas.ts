// Request schemas shared by several routes. The same schema validates the request, types the
// handler and writes /openapi.json.
import { Type } from 'typebox';

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9007199254740991 }) });
export const NumberParam = Type.Object({ number: Type.String({ minLength: 1, maxLength: 40 }) });
export const Satisfaction = Type.Union([Type.Literal('satisfied'), Type.Literal('basically_satisfied'), Type.Literal('unsatisfied')]);
export const Ok = Type.Object({ status: Type.String() }, { additionalProperties: true });
export const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
export const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_{}-]+$' });
