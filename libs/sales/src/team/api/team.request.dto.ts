import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@ledger/event-sourcing';
import { type CommandFields, IsOptionalNotNull, IsMultilineText, IsText } from '@ledger/platform';
import type { AddTeamMember, AssignTeamManager, ChangeTeamMemberRole, DeactivateTeamMember, MoveTeamMemberToOffice, RenameTeamMember } from '../domain';

export class AddTeamMemberRequest implements CommandFields<AddTeamMember, 'userId'> {
  @ApiPropertyOptional({ description: 'The id tokens carry as `sub`; made from the name when absent', example: 'anna-snelling' })
  @IsOptionalNotNull()
  @IsText(100)
  userId?: string;

  @ApiProperty({ example: 'Anna Snelling' }) @IsText(200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ example: 'melvin-marxen', type: String, nullable: true }) @IsOptional() @IsText(100) managerId: string | null = null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Central' }) @IsOptional() @IsText(100) regionalOffice: string | null = null;
}

export class RenameTeamMemberRequest implements CommandFields<RenameTeamMember, 'userId'> {
  @ApiProperty({ example: 'Anna Snelling-Meyer' }) @IsText(200) name!: string;
}

export class ChangeRoleRequest implements CommandFields<ChangeTeamMemberRole, 'userId'> {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
}

export class AssignManagerRequest implements CommandFields<AssignTeamManager, 'userId'> {
  @ApiProperty({ example: 'melvin-marxen', nullable: true, description: 'null: no manager' })
  @ValidateIf((_, value) => value !== null)
  @IsText(100)
  managerId!: string | null;
}

export class MoveToOfficeRequest implements CommandFields<MoveTeamMemberToOffice, 'userId'> {
  @ApiProperty({ example: 'Central', nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsText(100)
  regionalOffice!: string | null;
}

export class DeactivateRequest implements CommandFields<DeactivateTeamMember, 'userId'> {
  @ApiProperty({ example: 'Left the company' }) @IsMultilineText(1000) reason!: string;
}
