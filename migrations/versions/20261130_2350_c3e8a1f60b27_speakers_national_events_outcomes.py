"""events, the rest: speakers (national or local), national events and the cities that
hide one, what came out of an event, events opened to every city, the events dataset

Revision ID: c3e8a1f60b27
Revises: 2c7da36bfea0
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

from upcampus.tenancy.rls import enable_row_level_security


# revision identifiers, used by Alembic.
revision = 'c3e8a1f60b27'
down_revision = '2c7da36bfea0'
branch_labels = None
depends_on = None

KINDS = "kind IN ('conference', 'workshop', 'meetup', 'visit', 'training')"
STATUSES = "status IN ('published', 'cancelled')"


def upgrade():
    op.create_table('speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('bio', sa.JSON(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('photo_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_speakers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speakers'))
    )
    with op.batch_alter_table('speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speakers_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_speakers_tenant_name', ['tenant_id', 'name'], unique=False)

    op.create_table('event_speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('speaker_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_speakers_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_id'], ['speakers.id'], name=op.f('fk_event_speakers_speaker_id_speakers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_event_speakers_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_speakers')),
    sa.UniqueConstraint('event_id', 'speaker_id', name='uq_event_speakers_pair')
    )
    with op.batch_alter_table('event_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_speakers_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_speakers_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_event_speakers_speaker', ['speaker_id'], unique=False)

    op.create_table('event_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('born', 'joined', 'met')", name=op.f('ck_event_outcomes_kind')),
    sa.CheckConstraint('(publication_id IS NULL) <> (organisation_id IS NULL)', name=op.f('ck_event_outcomes_one')),
    sa.CheckConstraint("(kind = 'met') = (organisation_id IS NOT NULL)", name=op.f('ck_event_outcomes_kind_fits')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_outcomes_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_event_outcomes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['publication_id'], ['publications.id'], name=op.f('fk_event_outcomes_publication_id_publications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_event_outcomes_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_outcomes'))
    )
    with op.batch_alter_table('event_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_outcomes_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_outcomes_tenant_id'), ['tenant_id'], unique=False)
        batch_op.create_index('ix_event_outcomes_publication', ['tenant_id', 'publication_id'], unique=False)

    op.create_table('national_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.JSON(), nullable=False),
    sa.Column('description', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place_name', sa.String(length=160), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('online_url', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint(KINDS, name=op.f('ck_national_events_kind')),
    sa.CheckConstraint(STATUSES, name=op.f('ck_national_events_status')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_national_events_ends_after_start')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_national_events'))
    )
    with op.batch_alter_table('national_events', schema=None) as batch_op:
        batch_op.create_index('ix_national_events_starts', ['starts_at'], unique=False)

    op.create_table('hidden_national_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('national_event_id', sa.Integer(), nullable=False),
    sa.Column('tenant_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['national_event_id'], ['national_events.id'], name=op.f('fk_hidden_national_events_national_event_id_national_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_hidden_national_events_tenant_id_tenants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hidden_national_events')),
    sa.UniqueConstraint('tenant_id', 'national_event_id', name='uq_hidden_national_events_pair')
    )
    with op.batch_alter_table('hidden_national_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hidden_national_events_tenant_id'), ['tenant_id'], unique=False)

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('open_to_all', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('attendance', sa.Integer(), nullable=True))

    with op.batch_alter_table('open_data_files', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_open_data_files_dataset'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_open_data_files_dataset'),
            "dataset IN ('projects', 'organisations', 'events')")

    enable_row_level_security('speakers', shared=True)
    enable_row_level_security('event_speakers')
    enable_row_level_security('event_outcomes')
    enable_row_level_security('hidden_national_events')


def downgrade():
    op.execute("DELETE FROM open_data_files WHERE dataset = 'events'")
    with op.batch_alter_table('open_data_files', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_open_data_files_dataset'), type_='check')
        batch_op.create_check_constraint(op.f('ck_open_data_files_dataset'),
                                         "dataset IN ('projects', 'organisations')")

    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('attendance')
        batch_op.drop_column('open_to_all')

    op.drop_table('hidden_national_events')
    op.drop_table('national_events')
    op.drop_table('event_outcomes')
    op.drop_table('event_speakers')
    op.drop_table('speakers')
