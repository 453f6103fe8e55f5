import { Permission, Role } from './permissions';

/** Who is calling: from a verified token, or the CLI acting locally. */
export interface Principal {
  subject: string;
  client: string | null;
  roles: Role[];
  permissions: Set<Permission>;
}
