import { registerEnumType } from '@nestjs/graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Source } from '../sources/source.entity';
import { Region } from './region.entity';
import { LanguageStatus, OrganisationKind } from './organisation.enums';

export { LanguageStatus, OrganisationKind };

registerEnumType(OrganisationKind, { name: 'OrganisationKind' });

registerEnumType(LanguageStatus, {
  name: 'LanguageStatus',
  description: 'Language status of a municipality (Statistics Finland language_code 0–3).',
  valuesMap: {
    FINNISH: { description: 'Finnish only (0).' },
    BILINGUAL_FINNISH_MAJORITY: { description: 'Bilingual, Finnish majority (1).' },
    SWEDISH: { description: 'Swedish only (2).' },
    BILINGUAL_SWEDISH_MAJORITY: { description: 'Bilingual, Swedish majority (3).' },
  },
});

/**
 * Municipalities and joint municipal authorities share one table, so that
 * participations and the graph queries have one id space for organisations.
 * Municipality-only columns are checked by a constraint.
 */
@Entity()
@Check(
  'organisation_municipality_fields',
  `kind <> 'MUNICIPALITY' OR (code IS NOT NULL AND region_code IS NOT NULL AND language_status IS NOT NULL)`,
)
@Check('organisation_merger_complete', `(merged_into_id IS NULL) = (merged_on IS NULL)`)
@Check(
  'organisation_code_format',
  `code IS NULL OR code ~ (CASE WHEN synthetic THEN '^S[0-9]+$' ELSE '^[0-9]{3}$' END)`,
)
// Accent- and case-insensitive name search; the index is made in a migration.
@Index('organisation_name_search_idx', { synchronize: false })
export class Organisation {
  /** The GraphQL type this row is served as. */
  get __typename(): string {
    return this.kind === OrganisationKind.MUNICIPALITY ? 'Municipality' : 'JointAuthority';
  }

  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'enum', enum: OrganisationKind, enumName: 'organisation_kind' })
  kind: OrganisationKind;

  /** Municipality code, three digits with leading zeros (synthetic organisations: "S" and digits). */
  @Index('organisation_code_key', { unique: true })
  @Column({ type: 'varchar', length: 12, nullable: true })
  code: string | null;

  @Column({ type: 'text' })
  nameFi: string;

  @Column({ type: 'text', nullable: true })
  nameSv: string | null;

  @Column({ type: 'text', nullable: true })
  nameEn: string | null;

  @Index()
  @Column({ type: 'char', length: 2, nullable: true })
  regionCode: string | null;

  @ManyToOne(() => Region, { nullable: true })
  @JoinColumn({ name: 'region_code' })
  region?: Region | null;

  @Column({ type: 'enum', enum: LanguageStatus, enumName: 'language_status', nullable: true })
  languageStatus: LanguageStatus | null;

  /** Population on 31.12.2019; null where no figure is published. */
  @Column({ type: 'integer', nullable: true })
  population2019: number | null;

  @Column({ type: 'integer', nullable: true })
  mergedIntoId: number | null;

  @ManyToOne(() => Organisation, { nullable: true })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: Organisation | null;

  @Column({ type: 'date', nullable: true })
  mergedOn: string | null;

  @Column({ type: 'text' })
  sourceKey: string;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;

  /** Made by the synthetic-network generator for benchmarks and demos; not a real organisation. */
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;

  @VersionColumn({ default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Member municipalities of a joint authority. */
@Entity()
export class JointAuthorityMember {
  @Column({ primary: true, type: 'integer' })
  jointAuthorityId: number;

  @Index()
  @Column({ primary: true, type: 'integer' })
  municipalityId: number;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'joint_authority_id' })
  jointAuthority?: Organisation;

  @ManyToOne(() => Organisation)
  @JoinColumn({ name: 'municipality_id' })
  municipality?: Organisation;

  @Column({ type: 'text' })
  sourceKey: string;

  @ManyToOne(() => Source)
  @JoinColumn({ name: 'source_key' })
  source?: Source;
}
