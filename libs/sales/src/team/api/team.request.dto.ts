import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { ROLES, type Role } from '@ledger/event-sourcing';
import { IsText } from '@ledger/platform';

export class AddTeamMemberRequest {
  @ApiPropertyOptional({ description: 'The id tokens carry as `sub`; made from the name when absent', example: 'anna-snelling' })
  @IsOptional()
  @IsText(100)
  userId?: string;

  @ApiProperty({ example: 'Anna Snelling' }) @IsText(200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsText(100) managerId?: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'Central' }) @IsOptional() @IsText(100) regionalOffice?: string | null;
}

export class ChangeRoleRequest {
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
}

export class AssignManagerRequest {
  @ApiProperty({ nullable: true, description: 'null: no manager' })
  @ValidateIf((_, value) => value !== null)
  @IsText(100)
  managerId!: string | null;
}

export class MoveToOfficeRequest {
  @ApiProperty({ nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsText(100)
  regionalOffice!: string | null;
}

export class DeactivateRequest {
  @ApiProperty() @IsText(1000) reason!: string;
}
