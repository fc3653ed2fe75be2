import type { OrganizerDto } from '../../contracts/rest.js';
import type { Organizer } from '../../model/organizer.entity.js';

export type { OrganizerDto, SessionDto } from '../../contracts/rest.js';

export function mapOrganizer(organizer: Organizer): OrganizerDto {
  return {
    id: organizer.id,
    username: organizer.username,
    displayName: organizer.displayName,
    role: organizer.role,
    disabled: organizer.disabledAt !== null,
  };
}
