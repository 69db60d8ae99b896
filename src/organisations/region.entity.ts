import { Field, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A region (maakunta / landskap) in the Statistics Finland numbering, 01 Uusimaa … 21 Ahvenanmaa. */
@ObjectType({ description: 'A region (maakunta / landskap), Statistics Finland numbering.' })
@Entity()
export class Region {
  @Field({ description: 'Two digits, e.g. "01" for Uusimaa.' })
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  @Field() @Column({ type: 'text' }) nameFi: string;
  @Field() @Column({ type: 'text' }) nameSv: string;
  @Field() @Column({ type: 'text' }) nameEn: string;
}
