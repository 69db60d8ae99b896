import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Change messages written by committed transactions and not yet sent to the
 * other instances (see ChangeFeed). Rows live for milliseconds.
 */
@Entity()
export class ChangeOutbox {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** A ChangeMessage as JSON text, as NOTIFY sends it. */
  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
