import type { AppContext } from '../context.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { findUserByEmail } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { insertPreparedUser, prepareUser } from './create-user.js';
import { normaliseEmail } from './credentials.js';

/** Creates a platform admin (from the host's CLI: whoever runs it already controls the server). */
export async function createPlatformAdmin(
  ctx: AppContext,
  input: { email: string; password: string },
): Promise<{ userId: string }> {
  const email = normaliseEmail(input.email);
  if ((await findUserByEmail(ctx.db, email)) !== undefined) {
    throw new AppError('CONFLICT', 'A user with this e-mail address already exists.');
  }
  const prepared = await prepareUser(email, input.password);
  const publicId = prepared.publicId;
  const createdAt = ctx.now().toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await insertPreparedUser(trx, prepared, {
      isPlatformAdmin: true,
      emailConfirmedAt: createdAt,
      createdAt,
    });
    await insertAuditEvent(trx, {
      occurredAt: createdAt,
      actorType: 'system',
      actorId: null,
      action: 'platform_admin.created',
      organisationId: null,
      targetId: publicId,
    });
  });
  return { userId: publicId };
}

/** Whether any platform admin exists (first start prints how to create one when not). */
export async function hasPlatformAdmin(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('isPlatformAdmin', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}
