import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { GovernmentEntityKind, NetworkRole } from '../domain';

/**
 * The RED's facts about an actor of kind government entity (named) or group (unnamed entities a
 * source reports together). Keyed by the shared `actor` row, which holds name, level and territory.
 */
@Entity({ name: 'red_entity' })
export class RedEntityRecord {
  @PrimaryColumn('text', { name: 'actor_id' })
  actorId: string;

  @Column('text', { name: 'entity_kind' })
  entityKind: GovernmentEntityKind;

  /** Null for groups: a group is how a source reports participants, not a member of the network. */
  @Column('text', { name: 'network_role', nullable: true })
  networkRole: NetworkRole | null;

  @Column('text', { nullable: true })
  acronym: string | null;

  @Column('date', { name: 'member_since', nullable: true })
  memberSince: string | null;
}
