import type { Organizer, OrganizerRole } from '../organizer.entity.js';

export interface OrganizerDto {
  id: string;
  username: string;
  displayName: string;
  role: OrganizerRole;
  /** Disabled by an admin: cannot sign in. */
  disabled: boolean;
}

export interface SessionDto {
  token: string;
  expiresAt: string;
  organizer: OrganizerDto;
}

export function mapOrganizer(organizer: Organizer): OrganizerDto {
  return {
    id: organizer.id,
    username: organizer.username,
    displayName: organizer.displayName,
    role: organizer.role,
    disabled: organizer.disabledAt !== null,
  };
}
