import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';

/** A route-registering instance with TypeBox types inferred from each route's schema. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Switches an instance to the TypeBox type provider. */
export function typed(instance: FastifyInstance): Api {
  return instance.withTypeProvider<TypeBoxTypeProvider>();
}

/** The error body every route may return. */
export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    requestId: Type.Optional(Type.String()),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** Common error responses for route schemas. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
} as const;

export const OkSchema = Type.Object({ ok: Type.Boolean() });
