"""accounts, memberships, organisations, taxonomy, emails

Revision ID: a9e65f236251
Revises: 4397cc2c1b04
Create Date: 2026-11-29 14:15:09.404883

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = 'a9e65f236251'
down_revision = '4397cc2c1b04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('display_name', sa.String(length=80), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=True),
    sa.Column('email_verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_platform_admin', sa.Boolean(), nullable=False),
    sa.Column('auth_version', sa.Integer(), nullable=False),
    sa.Column('avatar', sa.LargeBinary(), nullable=True),
    sa.Column('avatar_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_accounts_email'))
    )
    op.create_table('auth_throttle',
    sa.Column('key', sa.String(length=400), nullable=False),
    sa.Column('window_start', sa.DateTime(timezone=True), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_auth_throttle'))
    )
    op.create_table('skill_families',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('label_fr', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_families')),
    sa.UniqueConstraint('code', name=op.f('uq_skill_families_code'))
    )
    op.create_table('emails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'sent', 'kept', 'failed')", name=op.f('ck_emails_status')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_emails_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emails'))
    )
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.create_index('ix_emails_status_created', ['status', 'created_at'], unique=False)
        batch_op.create_index('ix_emails_tenant_created', ['tenant_id', 'created_at'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('neighbourhood', sa.String(length=80), nullable=False),
    sa.Column('offers', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('member', 'facilitator', 'moderator', 'admin')", name=op.f('ck_memberships_role')),
    sa.CheckConstraint("status IN ('active', 'suspended')", name=op.f('ck_memberships_status')),
    sa.CheckConstraint("visibility IN ('public', 'members', 'hidden')", name=op.f('ck_memberships_visibility')),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_memberships_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_memberships_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('tenant_id', 'account_id', name='uq_memberships_tenant_account')
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_memberships_tenant_neighbourhood', ['tenant_id', 'neighbourhood'], unique=False)
        batch_op.create_index('ix_memberships_tenant_status_joined', ['tenant_id', 'status', 'joined_at'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('slug', sa.String(length=130), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('neighbourhood', sa.String(length=80), nullable=False),
    sa.Column('offers', sa.JSON(), nullable=False),
    sa.Column('offer_details', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('tenant_id', 'slug', name='uq_organisations_tenant_slug')
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_organisations_tenant_kind_name', ['tenant_id', 'kind', 'name'], unique=False)

    op.create_table('skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('label_fr', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['family_id'], ['skill_families.id'], name=op.f('fk_skills_family_id_skill_families')),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_skills_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skills')),
    sa.UniqueConstraint('code', name=op.f('uq_skills_code'))
    )
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skills_family_id'), ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_skills_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('label_fr', sa.String(length=120), nullable=False),
    sa.Column('label_en', sa.String(length=120), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_themes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('code', name=op.f('uq_themes_code'))
    )
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themes_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('membership_skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_membership_skills_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_membership_skills_skill_id_skills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_membership_skills_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_skills')),
    sa.UniqueConstraint('membership_id', 'skill_id', name='uq_membership_skills_pair')
    )
    with op.batch_alter_table('membership_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_skills_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_skills_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_membership_skills_tenant_skill', ['tenant_id', 'skill_id'], unique=False)

    op.create_table('membership_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_membership_themes_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_membership_themes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_membership_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_membership_themes')),
    sa.UniqueConstraint('membership_id', 'theme_id', name='uq_membership_themes_pair')
    )
    with op.batch_alter_table('membership_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_membership_themes_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_membership_themes_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_membership_themes_tenant_theme', ['tenant_id', 'theme_id'], unique=False)

    op.create_table('organisation_join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'declined')", name=op.f('ck_organisation_join_requests_status')),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_organisation_join_requests_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_join_requests_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisation_join_requests_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_join_requests'))
    )
    with op.batch_alter_table('organisation_join_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_join_requests_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index('ix_organisation_join_requests_org_status', ['organisation_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_join_requests_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('organisation_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'member')", name=op.f('ck_organisation_members_role')),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_organisation_members_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_members_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisation_members_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_members')),
    sa.UniqueConstraint('organisation_id', 'membership_id', name='uq_organisation_members_pair')
    )
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_members_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_members_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_members_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('organisation_skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_skills_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_organisation_skills_skill_id_skills'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisation_skills_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_skills')),
    sa.UniqueConstraint('organisation_id', 'skill_id', name='uq_organisation_skills_pair')
    )
    with op.batch_alter_table('organisation_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_skills_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_skills_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_organisation_skills_tenant_skill', ['tenant_id', 'skill_id'], unique=False)

    op.create_table('organisation_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_themes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_organisation_themes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_organisation_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_themes')),
    sa.UniqueConstraint('organisation_id', 'theme_id', name='uq_organisation_themes_pair')
    )
    with op.batch_alter_table('organisation_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_themes_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_themes_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_organisation_themes_tenant_theme', ['tenant_id', 'theme_id'], unique=False)
    for table in ("memberships", "membership_skills", "membership_themes", "organisations",
                  "organisation_members", "organisation_join_requests", "organisation_skills",
                  "organisation_themes"):
        enable_row_level_security(table)
    for table in ("themes", "skills"):
        enable_row_level_security(table, shared=True)


def downgrade():
    with op.batch_alter_table('organisation_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_themes_tenant_theme')
        batch_op.drop_index(batch_op.f('ix_organisation_themes_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_themes_organisation_id'))

    op.drop_table('organisation_themes')
    with op.batch_alter_table('organisation_skills', schema=None) as batch_op:
        batch_op.drop_index('ix_organisation_skills_tenant_skill')
        batch_op.drop_index(batch_op.f('ix_organisation_skills_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_skills_organisation_id'))

    op.drop_table('organisation_skills')
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_members_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_members_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_organisation_members_membership_id'))

    op.drop_table('organisation_members')
    with op.batch_alter_table('organisation_join_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_join_requests_tenant_id'))
        batch_op.drop_index('ix_organisation_join_requests_org_status')
        batch_op.drop_index(batch_op.f('ix_organisation_join_requests_membership_id'))

    op.drop_table('organisation_join_requests')
    with op.batch_alter_table('membership_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_membership_themes_tenant_theme')
        batch_op.drop_index(batch_op.f('ix_membership_themes_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_membership_themes_membership_id'))

    op.drop_table('membership_themes')
    with op.batch_alter_table('membership_skills', schema=None) as batch_op:
        batch_op.drop_index('ix_membership_skills_tenant_skill')
        batch_op.drop_index(batch_op.f('ix_membership_skills_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_membership_skills_membership_id'))

    op.drop_table('membership_skills')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themes_tenant_id'))

    op.drop_table('themes')
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skills_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_skills_family_id'))

    op.drop_table('skills')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index('ix_organisations_tenant_kind_name')
        batch_op.drop_index(batch_op.f('ix_organisations_tenant_id'))

    op.drop_table('organisations')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index('ix_memberships_tenant_status_joined')
        batch_op.drop_index('ix_memberships_tenant_neighbourhood')
        batch_op.drop_index(batch_op.f('ix_memberships_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_account_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('emails', schema=None) as batch_op:
        batch_op.drop_index('ix_emails_tenant_created')
        batch_op.drop_index('ix_emails_status_created')

    op.drop_table('emails')
    op.drop_table('skill_families')
    op.drop_table('auth_throttle')
    op.drop_table('accounts')
