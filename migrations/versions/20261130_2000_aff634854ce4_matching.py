"""matching: keywords of skills, consent to be suggested, the index of term vectors and
the invitations holders send

Revision ID: aff634854ce4
Revises: a41c7e95d2b8
Create Date: 2026-11-30 16:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = 'aff634854ce4'
down_revision = 'a41c7e95d2b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('match_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'offered', 'declined')", name=op.f('ck_match_invitations_status')),
    sa.CheckConstraint('(membership_id IS NULL) <> (organisation_id IS NULL)', name=op.f('ck_match_invitations_one')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['memberships.id'], name=op.f('fk_match_invitations_invited_by_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_match_invitations_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_match_invitations_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_match_invitations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_match_invitations_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_invitations')),
    sa.UniqueConstraint('need_id', 'membership_id', name='uq_match_invitations_member'),
    sa.UniqueConstraint('need_id', 'organisation_id', name='uq_match_invitations_org')
    )
    with op.batch_alter_table('match_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_invitations_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_invitations_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_invitations_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_invitations_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('match_terms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=90), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('need_id', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint('(CASE WHEN membership_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN organisation_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN need_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_match_terms_one_owner')),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'], name=op.f('fk_match_terms_membership_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_match_terms_need_id_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_match_terms_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_match_terms_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_terms'))
    )
    with op.batch_alter_table('match_terms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_terms_membership_id'), ['membership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_terms_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_terms_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_terms_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_match_terms_tenant_term', ['tenant_id', 'term', 'need_id',
                              'membership_id', 'organisation_id', 'weight'], unique=False)

    op.create_table('match_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['membership_id'], ['memberships.id'],
                            name=op.f('fk_match_notices_membership_id_memberships'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['needs.id'], name=op.f('fk_match_notices_need_id_needs'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'],
                            name=op.f('fk_match_notices_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_notices')),
    sa.UniqueConstraint('membership_id', 'need_id', name='uq_match_notices_pair')
    )
    with op.batch_alter_table('match_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_notices_membership_id'), ['membership_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_match_notices_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_match_notices_tenant_id'), ['tenant_id'],
                              unique=False)

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suggestable', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.add_column(sa.Column('keywords', sa.JSON(), server_default='{}',
                                      nullable=False))

    enable_row_level_security('match_terms')
    enable_row_level_security('match_invitations')
    enable_row_level_security('match_notices')


def downgrade():
    with op.batch_alter_table('skills', schema=None) as batch_op:
        batch_op.drop_column('keywords')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('suggestable')

    with op.batch_alter_table('match_terms', schema=None) as batch_op:
        batch_op.drop_index('ix_match_terms_tenant_term')
        batch_op.drop_index(batch_op.f('ix_match_terms_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_match_terms_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_match_terms_need_id'))
        batch_op.drop_index(batch_op.f('ix_match_terms_membership_id'))

    op.drop_table('match_terms')
    with op.batch_alter_table('match_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_notices_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_match_notices_need_id'))
        batch_op.drop_index(batch_op.f('ix_match_notices_membership_id'))
    op.drop_table('match_notices')
    with op.batch_alter_table('match_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_invitations_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_match_invitations_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_match_invitations_need_id'))
        batch_op.drop_index(batch_op.f('ix_match_invitations_membership_id'))

    op.drop_table('match_invitations')
