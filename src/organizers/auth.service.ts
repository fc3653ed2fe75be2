import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { LessThan, MoreThan, Repository } from 'typeorm';
import { ApiError, conflict, forbidden, unauthorized } from '../common/api-error.js';

const LOCK_AFTER_FAILURES = 5;
import { hashSecret, newSecret } from '../common/secret-token.js';
import { AppConfig } from '../config/app-config.js';
import { LivePublisher } from '../live/live-publisher.service.js';
import { type CreateOrganizerDto } from './dto/create-organizer.dto.js';
import { mapOrganizer, type OrganizerDto, type SessionDto } from './dto/organizer.dto.js';
import { Organizer } from './organizer.entity.js';
import { OrganizerSession } from './organizer-session.entity.js';
import { PasswordHasher } from './password-hasher.service.js';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly config: AppConfig,
    @InjectRepository(Organizer) private readonly organizers: Repository<Organizer>,
    @InjectRepository(OrganizerSession) private readonly sessions: Repository<OrganizerSession>,
    private readonly publisher: LivePublisher,
    private readonly passwords: PasswordHasher,
  ) {}

  async login(username: string, password: string): Promise<SessionDto> {
    const organizer = await this.organizers.findOneBy({ username });
    if (organizer?.lockedUntil && organizer.lockedUntil > new Date()) {
      const minutes = Math.ceil((organizer.lockedUntil.getTime() - Date.now()) / 60_000);
      throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, 'account_locked', `too many failed sign-ins; this account is locked for ${minutes} more minute(s)`);
    }
    const valid = await this.passwords.verify(organizer?.passwordHash ?? null, password);
    if (organizer && !valid) await this.recordFailure(organizer);
    if (!organizer || !valid) throw unauthorized('wrong username or password');
    if (organizer.failedLogins > 0 || organizer.lockedUntil) await this.organizers.update({ id: organizer.id }, { failedLogins: 0, lockedUntil: null });
    const { token, hash } = newSecret();
    const expiresAt = new Date(Date.now() + this.config.PODIUM_SESSION_HOURS * 3_600_000);
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    await this.sessions.insert({ organizerId: organizer.id, tokenHash: hash, expiresAt });
    return { token, expiresAt: expiresAt.toISOString(), organizer: mapOrganizer(organizer) };
  }

  /** Five failures in a row lock the account for 15 minutes; counted in the database, so every server instance agrees. */
  private async recordFailure(organizer: Organizer): Promise<void> {
    const rows = await this.organizers.query<{ failed_logins: number }[]>(
      `UPDATE organizer SET failed_logins = failed_logins + 1,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + interval '15 minutes' ELSE locked_until END
        WHERE id = $1 RETURNING failed_logins`,
      [organizer.id, LOCK_AFTER_FAILURES],
    );
    if ((rows[0]?.failed_logins ?? 0) >= LOCK_AFTER_FAILURES) {
      await this.organizers.update({ id: organizer.id }, { failedLogins: 0 });
      this.logger.warn(`organizer account locked for 15 minutes after ${LOCK_AFTER_FAILURES} failed sign-ins`);
    }
  }

  async logout(token: string): Promise<void> {
    const tokenHash = hashSecret(token);
    await this.sessions.delete({ tokenHash });
    await this.publisher.endControlSessions(tokenHash);
  }

  /** The organizer behind a bearer token, or null when it is unknown or expired. */
  authenticate(token: string): Promise<Organizer | null> {
    return this.authenticateHash(hashSecret(token));
  }

  async authenticateHash(tokenHash: string): Promise<Organizer | null> {
    const session = await this.sessions.findOne({ where: { tokenHash, expiresAt: MoreThan(new Date()) }, relations: { organizer: true } });
    return session?.organizer ?? null;
  }

  async createOrganizer(actor: Organizer, dto: CreateOrganizerDto): Promise<OrganizerDto> {
    if (actor.role !== 'admin') throw forbidden('admin_only', 'only an admin can create organizer accounts');
    if (await this.organizers.existsBy({ username: dto.username })) throw conflict('username_taken', `username "${dto.username}" is already taken`);
    const organizer = await this.organizers.save(
      this.organizers.create({ username: dto.username, displayName: dto.displayName, role: dto.role, passwordHash: await this.passwords.hash(dto.password) }),
    );
    return mapOrganizer(organizer);
  }

  async listOrganizers(actor: Organizer): Promise<OrganizerDto[]> {
    if (actor.role !== 'admin') throw forbidden('admin_only', 'only an admin can list organizer accounts');
    return (await this.organizers.find({ order: { createdAt: 'ASC' } })).map(mapOrganizer);
  }

  /**
   * On an empty database, creates the first admin. Its password comes from PODIUM_ADMIN_PASSWORD
   * or is generated; a generated one is returned so that start-up can print it, once.
   */
  async ensureFirstAdmin(): Promise<{ username: string; generatedPassword: string | null } | null> {
    if ((await this.organizers.count()) > 0) return null;
    const generatedPassword = this.config.PODIUM_ADMIN_PASSWORD ? null : randomBytes(12).toString('base64url');
    const password = this.config.PODIUM_ADMIN_PASSWORD ?? (generatedPassword as string);
    await this.organizers.insert({ username: 'admin', displayName: '管理员 Admin', role: 'admin', passwordHash: await this.passwords.hash(password) });
    this.logger.log('Created the first admin account "admin"');
    return { username: 'admin', generatedPassword };
  }
}
