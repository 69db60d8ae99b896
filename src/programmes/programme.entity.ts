import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A funding round. Its rules are data (minimum participants, deadline, grant
 * share, duties), so a later round with other rules is just another row.
 */
@Entity()
export class Programme {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('programme_code_key', { unique: true })
  @Column({ type: 'text' })
  code: string;

  @Column({ type: 'text' }) nameFi: string;
  @Column({ type: 'text' }) nameSv: string;
  @Column({ type: 'text' }) nameEn: string;

  @Column({ type: 'date', nullable: true }) callOpenedOn: string | null;
  @Column({ type: 'date', nullable: true }) callClosedOn: string | null;
  @Column({ type: 'integer', nullable: true }) decidedYear: number | null;
  @Column({ type: 'integer', nullable: true }) applicationsReceived: number | null;
  @Column({ type: 'integer', nullable: true }) projectsGranted: number | null;

  /** Projects must be completed by this date. */
  @Column({ type: 'date' }) completionDeadline: string;

  /** Fewest participating organisations (municipalities or joint authorities) a project may have. */
  @Column({ type: 'integer' }) minParticipants: number;

  /** Largest share of eligible costs the grant may cover, e.g. 0.85. */
  @Column({ type: 'numeric', precision: 4, scale: 3, nullable: true }) maxGrantShare: string | null;

  /** Applicants must build on work already done elsewhere. */
  @Column({ type: 'boolean' }) reuseDuty: boolean;

  /** Grantees commit to cooperating with similar projects. */
  @Column({ type: 'boolean' }) cooperationDuty: boolean;

  /** fact name -> source key */
  @Column({ type: 'jsonb', default: () => `'{}'` }) provenance: Record<string, string>;
}
