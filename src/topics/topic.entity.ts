import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Source } from '../common/source.entity';

@Entity()
export class Topic {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('topic_slug_key', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' }) nameFi: string;
  @Column({ type: 'text' }) nameSv: string;
  @Column({ type: 'text' }) nameEn: string;
  @Column({ type: 'text', nullable: true }) description: string | null;

  @Column({ type: 'text' })
  sourceKey: string;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;
}
