import { Column, Entity, PrimaryColumn } from 'typeorm';
import { StaffRole } from '../principal';

@Entity({ schema: 'access', name: 'staff_users' })
export class StaffUserEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  email: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text')
  role: StaffRole;

  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Column('timestamptz', { name: 'password_changed_at' })
  passwordChangedAt: Date;
}
