import { Type } from '@fastify/type-provider-typebox';
import { ROLES } from '@fupin/domain';

export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const RegionRefSchema = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const UserSchema = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  disabled: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
});

export const UserMeSchema = Type.Intersect([UserSchema, Type.Object({ regionPath: Type.Array(RegionRefSchema) })]);

export const CreateUserBody = Type.Object({
  username: Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9_.-]+$' }),
  displayName: Type.String({ minLength: 1, maxLength: 60 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  role: RoleSchema,
  regionCode: Type.String({ pattern: '^\\d{2,12}$' }),
});

export const UpdateUserBody = Type.Object({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  role: Type.Optional(RoleSchema),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});
