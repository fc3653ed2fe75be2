import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { type EntityManager, IsNull, LessThan, MoreThan, Not, Repository } from 'typeorm';
import { declareActor } from '../database/audit-context.js';
import { conflict, forbidden, notFound, tooManyRequests, unauthorized } from '../common/api-error.js';
import { hashSecret, newSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import { ChangeFeed } from '../state/change-feed.js';
import { type CreateOrganizerDto } from './dto/create-organizer.dto.js';
import { mapOrganizer, type OrganizerDto, type SessionDto } from './dto/organizer.dto.js';
import { Organizer } from '../model/organizer.entity.js';
import { OrganizerSession } from '../model/organizer-session.entity.js';
import { SignInThrottle } from '../model/sign-in-throttle.entity.js';
import { PasswordHasher } from './password-hasher.service.js';

/** Failures of one name from one address before each further try must wait. */
const FREE_FAILURES = 5;

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly config: AppConfig,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    @InjectRepository(OrganizerSession) private readonly sessions: Repository<OrganizerSession>,
    @InjectRepository(SignInThrottle) private readonly throttles: Repository<SignInThrottle>,
    private readonly feed: ChangeFeed,
    private readonly passwords: PasswordHasher,
  ) {}

  /**
   * Signs in. Whether the username exists or not, the answers are the same: a wrong password is a
   * 401, and after a few failures that address must wait before trying that name again (429).
   * Failures from one address never slow down the same name from another address, so nobody can
   * lock an organizer out by guessing. A disabled account is answered as a wrong password, after
   * the same verification, so it does not reveal itself.
   */
  async login(username: string, password: string, address: string): Promise<SessionDto> {
    const throttle = await this.throttles.findOneBy({ username, address });
    if (throttle && throttle.nextAttemptAt > new Date()) {
      const seconds = Math.ceil((throttle.nextAttemptAt.getTime() - Date.now()) / 1000);
      throw tooManyRequests('too_many_attempts', `too many failed sign-ins for this name from this address; try again in ${seconds} s`);
    }
    const organizer = await this.organizers.findOneBy({ username });
    const valid = await this.passwords.verify(organizer?.passwordHash ?? null, password);
    if (!organizer || !valid || organizer.disabledAt !== null) {
      await this.recordFailure(username, address);
      throw unauthorized('wrong username or password');
    }
    if (throttle) await this.audited((tx) => tx.delete(SignInThrottle, { username, address }));
    const { token, hash } = newSecret();
    const expiresAt = new Date(Date.now() + this.config.PODIUM_SESSION_HOURS * 3_600_000);
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    await this.sessions.insert({ organizerId: organizer.id, tokenHash: hash, expiresAt });
    return { token, expiresAt: expiresAt.toISOString(), organizer: mapOrganizer(organizer) };
  }

  /**
   * One more failure of this name from this address: free retries first, then a wait that doubles
   * with each failure (PODIUM_SIGN_IN_BACKOFF_SECONDS, 1 s by default, then 2 s, 4 s … at most 15 minutes). One statement, so concurrent guesses
   * all count.
   */
  private async recordFailure(username: string, address: string): Promise<void> {
    await this.audited((tx) =>
      tx.query(
        `INSERT INTO sign_in_throttle (username, address, failures, next_attempt_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (username, address) DO UPDATE SET
         failures = sign_in_throttle.failures + 1,
         next_attempt_at = now() + LEAST(interval '15 minutes', CASE WHEN sign_in_throttle.failures + 1 < $3 THEN interval '0' ELSE interval '1 second' * $4 * power(2, sign_in_throttle.failures + 1 - $3) END)`,
        [username, address, FREE_FAILURES, this.config.PODIUM_SIGN_IN_BACKOFF_SECONDS],
      ),
    );
  }

  /**
   * Changes to accounts and failed sign-ins, in a transaction that tells the audit log who acts
   * and from where (the admin, 'system' at start-up, or the address of the one who tried).
   */
  private audited<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.organizers.manager.transaction(async (tx) => {
      await declareActor(tx);
      return work(tx);
    });
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashSecret(token);
    await this.sessions.delete({ tokenHash });
    await this.feed.controlSessionsEnded({ tokenHash }, 'session_expired', 'you have signed out');
  }

  /** The organizer behind a bearer token, or null when it is unknown or expired. */
  authenticate(token: string): Promise<Organizer | null> {
    return this.authenticateHash(hashSecret(token));
  }

  async authenticateHash(tokenHash: string): Promise<Organizer | null> {
    return (await this.sessionOf(tokenHash))?.organizer ?? null;
  }

  /** A sign-in that has not expired, of an account that is not disabled: who, and until when. */
  async sessionOf(tokenHash: string): Promise<{ organizer: Organizer; expiresAt: Date } | null> {
    const session = await this.sessions.findOne({ where: { tokenHash, expiresAt: MoreThan(new Date()) }, relations: { organizer: true } });
    return session?.organizer && session.organizer.disabledAt === null
      ? { organizer: session.organizer, expiresAt: session.expiresAt }
      : null;
  }

  async createOrganizer(actor: Organizer, dto: CreateOrganizerDto): Promise<OrganizerDto> {
    if (actor.role !== 'admin') throw forbidden('admin_only', 'only an admin can create organizer accounts');
    if (await this.organizers.existsBy({ username: dto.username }))
      throw conflict('username_taken', `username "${dto.username}" is already taken`);
    const passwordHash = await this.passwords.hash(dto.password);
    const organizer = await this.audited((tx) =>
      tx.save(this.organizers.create({ username: dto.username, displayName: dto.displayName, role: dto.role, passwordHash })),
    );
    return mapOrganizer(organizer);
  }

  async listOrganizers(actor: Organizer): Promise<OrganizerDto[]> {
    if (actor.role !== 'admin') throw forbidden('admin_only', 'only an admin can list organizer accounts');
    return (await this.organizers.find({ order: { createdAt: 'ASC' } })).map(mapOrganizer);
  }

  /**
   * Disables an organizer account (its sessions end at once, its control panels are told why and
   * closed, and it can no longer sign in) or enables it again (no session comes back). An admin
   * cannot disable themselves, nor the last enabled admin. The change goes to the audit log with
   * the admin who made it.
   */
  async setDisabled(actor: Organizer, organizerId: string, disabled: boolean): Promise<OrganizerDto> {
    if (actor.role !== 'admin') throw forbidden('admin_only', 'only an admin can disable or enable organizer accounts');
    const organizer = await this.audited(async (tx) => {
      // One change of accounts at a time: two admins disabling each other cannot leave no admin.
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('podium:organizer-accounts'))");
      const target = await tx.findOneBy(Organizer, { id: organizerId });
      if (!target) throw notFound('organizer');
      if (disabled && target.id === actor.id) throw conflict('cannot_disable_self', 'you cannot disable your own account');
      if (
        disabled &&
        target.role === 'admin' &&
        !(await tx.exists(Organizer, { where: { role: 'admin', disabledAt: IsNull(), id: Not(target.id) } }))
      ) {
        throw conflict('last_admin', `"${target.username}" is the last enabled admin; enable or create another admin first`);
      }
      if (disabled === (target.disabledAt !== null)) return target;
      await tx.update(Organizer, { id: target.id }, { disabledAt: disabled ? () => 'now()' : null });
      if (disabled) await tx.delete(OrganizerSession, { organizerId: target.id });
      return tx.findOneByOrFail(Organizer, { id: target.id });
    });
    if (disabled)
      await this.feed.controlSessionsEnded(
        { organizerId },
        'account_disabled',
        'an admin has disabled this account; its sessions have ended',
      );
    return mapOrganizer(organizer);
  }

  /**
   * On an empty database, creates the first admin. Its password comes from PODIUM_ADMIN_PASSWORD
   * or is generated; a generated one is returned so that start-up can print it, once.
   */
  async ensureFirstAdmin(): Promise<{ username: string; generatedPassword: string | null } | null> {
    if ((await this.organizers.count()) > 0) return null;
    const generatedPassword = this.config.PODIUM_ADMIN_PASSWORD ? null : randomBytes(12).toString('base64url');
    const password = this.config.PODIUM_ADMIN_PASSWORD ?? (generatedPassword as string);
    const passwordHash = await this.passwords.hash(password);
    await this.audited((tx) => tx.insert(Organizer, { username: 'admin', displayName: '管理员 Admin', role: 'admin', passwordHash }));
    this.logger.log('Created the first admin account "admin"');
    return { username: 'admin', generatedPassword };
  }
}
