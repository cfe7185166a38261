"""facilitation: the city's track of each project, its audit trail and private notes,
partners, accompaniments and their milestones

Revision ID: 3f8c1a2b9d40
Revises: 579786b1090e
Create Date: 2026-11-30 16:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security

TABLES = ('partners', 'facilitation_tracks', 'facilitation_events', 'facilitation_notes',
          'accompaniments', 'accompaniment_milestones')


# revision identifiers, used by Alembic.
revision = '3f8c1a2b9d40'
down_revision = '579786b1090e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('brings', sa.JSON(), nullable=False),
    sa.Column('contact_name', sa.String(length=120), nullable=False),
    sa.Column('contact_email', sa.String(length=320), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_partners_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_partners_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partners')),
    sa.UniqueConstraint('organisation_id', name='uq_partners_organisation')
    )
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partners_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('accompaniments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('brief', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('last_news_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('advice', 'funding', 'premises', 'communication', 'network', 'training', 'volunteers', 'city_service')", name=op.f('ck_accompaniments_kind')),
    sa.CheckConstraint("status IN ('requested', 'declined', 'active', 'done', 'stopped')", name=op.f('ck_accompaniments_status')),
    sa.ForeignKeyConstraint(['partner_id'], ['partners.id'], name=op.f('fk_accompaniments_partner_id_partners'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_accompaniments_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['memberships.id'], name=op.f('fk_accompaniments_requested_by_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_accompaniments_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accompaniments'))
    )
    with op.batch_alter_table('accompaniments', schema=None) as batch_op:
        batch_op.create_index('ix_accompaniments_partner_status', ['partner_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_accompaniments_publication_id'), ['publication_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accompaniments_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_accompaniments_tenant_status_news', ['tenant_id', 'status', 'last_news_at'], unique=False)

    op.create_table('facilitation_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('before', sa.String(length=200), nullable=False),
    sa.Column('after', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("action IN ('step', 'referent', 'accompaniment', 'note', 'visibility')", name=op.f('ck_facilitation_events_action')),
    sa.ForeignKeyConstraint(['actor_id'], ['memberships.id'], name=op.f('fk_facilitation_events_actor_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_facilitation_events_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_facilitation_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitation_events'))
    )
    with op.batch_alter_table('facilitation_events', schema=None) as batch_op:
        batch_op.create_index('ix_facilitation_events_publication_at', ['publication_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilitation_events_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('facilitation_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['memberships.id'], name=op.f('fk_facilitation_notes_author_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_facilitation_notes_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_facilitation_notes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitation_notes'))
    )
    with op.batch_alter_table('facilitation_notes', schema=None) as batch_op:
        batch_op.create_index('ix_facilitation_notes_publication', ['publication_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilitation_notes_tenant_id'), ['tenant_id'], unique=False)

    op.create_table('facilitation_tracks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('step_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('step_before_aside', sa.String(length=16), nullable=True),
    sa.Column('interest', sa.Text(), nullable=False),
    sa.Column('local_need', sa.Text(), nullable=False),
    sa.Column('aside_reason', sa.Text(), nullable=False),
    sa.Column('referent_id', sa.Integer(), nullable=True),
    sa.Column('spotted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('realised_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('city_shows', sa.Boolean(), nullable=False),
    sa.Column('holder_shows', sa.Boolean(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("step IN ('spotted', 'qualified', 'accompanied', 'realised', 'set_aside')", name=op.f('ck_facilitation_tracks_step')),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_facilitation_tracks_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referent_id'], ['memberships.id'], name=op.f('fk_facilitation_tracks_referent_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_facilitation_tracks_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilitation_tracks')),
    sa.UniqueConstraint('publication_id', name='uq_facilitation_tracks_publication')
    )
    with op.batch_alter_table('facilitation_tracks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_facilitation_tracks_referent_id'), ['referent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_facilitation_tracks_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_facilitation_tracks_tenant_step_since', ['tenant_id', 'step', 'step_since'], unique=False)

    op.create_table('accompaniment_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('accompaniment_id', sa.Integer(), nullable=False),
    sa.Column('happened_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['accompaniment_id'], ['accompaniments.id'], name=op.f('fk_accompaniment_milestones_accompaniment_id_accompaniments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['memberships.id'], name=op.f('fk_accompaniment_milestones_author_id_memberships'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_accompaniment_milestones_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accompaniment_milestones'))
    )
    with op.batch_alter_table('accompaniment_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_accompaniment_milestones_accompaniment_id'), ['accompaniment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_accompaniment_milestones_tenant_id'), ['tenant_id'], unique=False)
    for table in TABLES:
        enable_row_level_security(table)


def downgrade():
    with op.batch_alter_table('accompaniment_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_accompaniment_milestones_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_accompaniment_milestones_accompaniment_id'))

    op.drop_table('accompaniment_milestones')
    with op.batch_alter_table('facilitation_tracks', schema=None) as batch_op:
        batch_op.drop_index('ix_facilitation_tracks_tenant_step_since')
        batch_op.drop_index(batch_op.f('ix_facilitation_tracks_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_facilitation_tracks_referent_id'))

    op.drop_table('facilitation_tracks')
    with op.batch_alter_table('facilitation_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitation_notes_tenant_id'))
        batch_op.drop_index('ix_facilitation_notes_publication')

    op.drop_table('facilitation_notes')
    with op.batch_alter_table('facilitation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_facilitation_events_tenant_id'))
        batch_op.drop_index('ix_facilitation_events_publication_at')

    op.drop_table('facilitation_events')
    with op.batch_alter_table('accompaniments', schema=None) as batch_op:
        batch_op.drop_index('ix_accompaniments_tenant_status_news')
        batch_op.drop_index(batch_op.f('ix_accompaniments_tenant_id'))
        batch_op.drop_index(batch_op.f('ix_accompaniments_publication_id'))
        batch_op.drop_index('ix_accompaniments_partner_status')

    op.drop_table('accompaniments')
    with op.batch_alter_table('partners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partners_tenant_id'))

    op.drop_table('partners')
