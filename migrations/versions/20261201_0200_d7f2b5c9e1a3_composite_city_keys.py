"""composite city keys: every foreign key between two city tables includes tenant_id,
`(tenant_id, x_id) REFERENCES x (tenant_id, id)`, over a UNIQUE (tenant_id, id) on each
referenced table (the third wall; see tenancy/keys.py)

Revision ID: d7f2b5c9e1a3
Revises: 4515f6c4771c
Create Date: 2026-12-01 02:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd7f2b5c9e1a3'
down_revision = '4515f6c4771c'
branch_labels = None
depends_on = None

# (table, column, referred table, ON DELETE as it was), frozen here: later models may differ.
KEYS = (
    ('accompaniment_milestones', 'author_id', 'memberships', 'SET NULL'),
    ('accompaniment_milestones', 'accompaniment_id', 'accompaniments', 'CASCADE'),
    ('accompaniments', 'publication_id', 'publications', 'CASCADE'),
    ('accompaniments', 'requested_by_id', 'memberships', 'SET NULL'),
    ('accompaniments', 'partner_id', 'partners', 'CASCADE'),
    ('api_idempotent_answers', 'token_id', 'api_tokens', 'CASCADE'),
    ('comments', 'publication_id', 'publications', 'CASCADE'),
    ('conversations', 'member_id', 'memberships', 'SET NULL'),
    ('conversations', 'other_id', 'memberships', 'SET NULL'),
    ('conversations', 'organisation_id', 'organisations', 'CASCADE'),
    ('comments', 'parent_id', 'comments', 'CASCADE'),
    ('comments', 'membership_id', 'memberships', 'CASCADE'),
    ('event_organisations', 'organisation_id', 'organisations', 'CASCADE'),
    ('event_organisations', 'event_id', 'events', 'CASCADE'),
    ('event_outcomes', 'organisation_id', 'organisations', 'CASCADE'),
    ('event_outcomes', 'publication_id', 'publications', 'CASCADE'),
    ('event_outcomes', 'event_id', 'events', 'CASCADE'),
    ('event_projects', 'publication_id', 'publications', 'CASCADE'),
    ('event_projects', 'event_id', 'events', 'CASCADE'),
    ('event_registrations', 'event_id', 'events', 'CASCADE'),
    ('event_registrations', 'membership_id', 'memberships', 'CASCADE'),
    ('event_speakers', 'event_id', 'events', 'CASCADE'),
    ('event_themes', 'event_id', 'events', 'CASCADE'),
    ('events', 'author_id', 'memberships', 'SET NULL'),
    ('facilitation_events', 'actor_id', 'memberships', 'SET NULL'),
    ('facilitation_events', 'publication_id', 'publications', 'CASCADE'),
    ('facilitation_notes', 'publication_id', 'publications', 'CASCADE'),
    ('facilitation_notes', 'author_id', 'memberships', 'SET NULL'),
    ('facilitation_tracks', 'referent_id', 'memberships', 'SET NULL'),
    ('facilitation_tracks', 'publication_id', 'publications', 'CASCADE'),
    ('follows', 'publication_id', 'publications', 'CASCADE'),
    ('follows', 'membership_id', 'memberships', 'CASCADE'),
    ('help_offers', 'need_id', 'needs', 'CASCADE'),
    ('help_offers', 'membership_id', 'memberships', 'CASCADE'),
    ('help_offers', 'organisation_id', 'organisations', 'SET NULL'),
    ('member_blocks', 'blocker_id', 'memberships', 'CASCADE'),
    ('member_blocks', 'blocked_id', 'memberships', 'CASCADE'),
    ('messages', 'conversation_id', 'conversations', 'CASCADE'),
    ('messages', 'author_id', 'memberships', 'SET NULL'),
    ('match_invitations', 'invited_by_id', 'memberships', 'SET NULL'),
    ('match_invitations', 'need_id', 'needs', 'CASCADE'),
    ('match_invitations', 'organisation_id', 'organisations', 'CASCADE'),
    ('match_invitations', 'membership_id', 'memberships', 'CASCADE'),
    ('match_notices', 'membership_id', 'memberships', 'CASCADE'),
    ('match_notices', 'need_id', 'needs', 'CASCADE'),
    ('match_terms', 'membership_id', 'memberships', 'CASCADE'),
    ('match_terms', 'need_id', 'needs', 'CASCADE'),
    ('match_terms', 'organisation_id', 'organisations', 'CASCADE'),
    ('membership_skills', 'membership_id', 'memberships', 'CASCADE'),
    ('membership_themes', 'membership_id', 'memberships', 'CASCADE'),
    ('moderation_actions', 'actor_id', 'memberships', 'SET NULL'),
    ('moderation_actions', 'case_id', 'moderation_cases', 'CASCADE'),
    ('moderation_cases', 'decided_by_id', 'memberships', 'SET NULL'),
    ('moderation_cases', 'author_id', 'memberships', 'SET NULL'),
    ('moderation_reports', 'reporter_id', 'memberships', 'CASCADE'),
    ('moderation_reports', 'case_id', 'moderation_cases', 'CASCADE'),
    ('needs', 'publication_id', 'publications', 'CASCADE'),
    ('notification_digests', 'membership_id', 'memberships', 'CASCADE'),
    ('notification_preferences', 'membership_id', 'memberships', 'CASCADE'),
    ('notifications', 'membership_id', 'memberships', 'CASCADE'),
    ('organisation_join_requests', 'organisation_id', 'organisations', 'CASCADE'),
    ('organisation_join_requests', 'membership_id', 'memberships', 'CASCADE'),
    ('organisation_members', 'organisation_id', 'organisations', 'CASCADE'),
    ('organisation_members', 'membership_id', 'memberships', 'CASCADE'),
    ('organisation_skills', 'organisation_id', 'organisations', 'CASCADE'),
    ('organisation_themes', 'organisation_id', 'organisations', 'CASCADE'),
    ('partners', 'organisation_id', 'organisations', 'CASCADE'),
    ('project_updates', 'publication_id', 'publications', 'CASCADE'),
    ('project_updates', 'membership_id', 'memberships', 'CASCADE'),
    ('publication_holders', 'membership_id', 'memberships', 'CASCADE'),
    ('publication_holders', 'publication_id', 'publications', 'CASCADE'),
    ('publication_holders', 'organisation_id', 'organisations', 'CASCADE'),
    ('publication_images', 'publication_id', 'publications', 'CASCADE'),
    ('publication_themes', 'publication_id', 'publications', 'CASCADE'),
    ('publications', 'author_id', 'memberships', 'CASCADE'),
    ('supports', 'publication_id', 'publications', 'CASCADE'),
    ('supports', 'membership_id', 'memberships', 'CASCADE'),
)
REFERRED = ('accompaniments', 'api_tokens', 'comments', 'conversations', 'events', 'memberships', 'moderation_cases', 'needs', 'organisations', 'partners', 'publications')


def _composite_ondelete(column, ondelete):
    # PostgreSQL 15 blanks the reference only, never tenant_id (tenancy/keys.py says why
    # SQLite renders no action for it).
    return f"SET NULL ({column})" if ondelete == "SET NULL" else ondelete


def _by_table():
    tables = {}
    for table, column, referred, ondelete in KEYS:
        tables.setdefault(table, []).append((column, referred, ondelete))
    return tables


def upgrade():
    for table in REFERRED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_unique_constraint(f'uq_{table}_tenant_id_id', ['tenant_id', 'id'])
    for table, keys in _by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred, ondelete in keys:
                name = f'fk_{table}_{column}_{referred}'
                batch_op.drop_constraint(name, type_='foreignkey')
                batch_op.create_foreign_key(name, referred, ['tenant_id', column],
                                            ['tenant_id', 'id'],
                                            ondelete=_composite_ondelete(column, ondelete))


def downgrade():
    for table, keys in _by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, referred, ondelete in keys:
                name = f'fk_{table}_{column}_{referred}'
                batch_op.drop_constraint(name, type_='foreignkey')
                batch_op.create_foreign_key(name, referred, [column], ['id'], ondelete=ondelete)
    for table in REFERRED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f'uq_{table}_tenant_id_id', type_='unique')
