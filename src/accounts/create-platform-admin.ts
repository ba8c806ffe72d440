import type { AppContext } from '../context.js';
import { hashPassword } from '../crypto/password.js';
import { randomPublicId } from '../crypto/random.js';
import { insertAuditEvent } from '../db/repositories/audit.repository.js';
import { findUserByEmail, insertUser } from '../db/repositories/user.repository.js';
import { AppError } from '../errors.js';
import { checkNewPassword, normaliseEmail } from './credentials.js';

/** Creates a platform admin (from the host's CLI: whoever runs it already controls the server). */
export async function createPlatformAdmin(
  ctx: AppContext,
  input: { email: string; password: string },
): Promise<{ userId: string }> {
  const email = normaliseEmail(input.email);
  checkNewPassword(input.password);
  if ((await findUserByEmail(ctx.db, email)) !== undefined) {
    throw new AppError('CONFLICT', 'A user with this e-mail address already exists.');
  }
  const publicId = randomPublicId();
  const createdAt = ctx.now().toISOString();
  const passwordHash = await hashPassword(input.password);
  await ctx.db.transaction().execute(async (trx) => {
    await insertUser(trx, { publicId, email, passwordHash, isPlatformAdmin: 1, createdAt });
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
