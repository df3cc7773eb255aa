#include "core/store/schema.h"

#include "core/store/event_indexes.h"

#include <string>

namespace cordon::core::schema {
namespace {

// Version 1. Tables are STRICT so a stored value keeps exactly the type it was written with:
// the audit chain hashes rows by type and value, and a silent affinity conversion would read
// back as tampering.
constexpr std::string_view kSchemaV1 = R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value ANY
) STRICT;

CREATE TABLE case_info (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    uuid           TEXT NOT NULL,
    title          TEXT NOT NULL,
    incident_type  TEXT NOT NULL,
    severity       TEXT NOT NULL,
    phase          TEXT NOT NULL,
    is_exercise    INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    started_at     INTEGER,
    detected_at    INTEGER,
    declared_at    INTEGER,
    contained_at   INTEGER,
    remediated_at  INTEGER,
    recovered_at   INTEGER,
    closed_at      INTEGER
) STRICT;

-- Derived counters so that opening a case is O(1): a cold COUNT(*) over a million events
-- costs ~400 ms. Kept in the same transaction as the rows they count; verify re-checks them.
CREATE TABLE case_stats (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    event_count       INTEGER NOT NULL DEFAULT 0,
    dead_letter_count INTEGER NOT NULL DEFAULT 0,
    duplicate_count   INTEGER NOT NULL DEFAULT 0,
    first_event_time  INTEGER,
    last_event_time   INTEGER,
    last_record_time  INTEGER,
    commit_seq        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- One committed ingest batch. Events, dead letters and entities are append-only; a batch
-- records the id ranges it appended and a SHA-256 over those rows, and is itself audited.
CREATE TABLE batches (
    id               INTEGER PRIMARY KEY,
    record_time      INTEGER NOT NULL,
    source           TEXT NOT NULL,
    first_event_id   INTEGER,
    last_event_id    INTEGER,
    event_count      INTEGER NOT NULL,
    first_dead_id    INTEGER,
    last_dead_id     INTEGER,
    dead_count       INTEGER NOT NULL,
    first_entity_id  INTEGER,
    last_entity_id   INTEGER,
    entity_count     INTEGER NOT NULL,
    duplicate_count  INTEGER NOT NULL,
    digest           BLOB NOT NULL
) STRICT;

-- Dictionary of the repeated identities events point at: integer codes keep event rows
-- and their indexes narrow.
CREATE TABLE entities (
    id     INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,   -- account, session, ip, user_agent, model, api_key
    value  TEXT NOT NULL,
    UNIQUE (kind, value)
) STRICT;

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    batch_id        INTEGER NOT NULL,
    event_time      INTEGER NOT NULL,  -- when it happened, UTC µs
    record_time     INTEGER NOT NULL,  -- when Cordon learned it, UTC µs
    source          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    external_id     TEXT,
    account_id      INTEGER,
    session_id      INTEGER,
    source_ip_id    INTEGER,
    user_agent_id   INTEGER,
    model_id        INTEGER,
    model_version   TEXT,
    provider        TEXT,
    prompt          TEXT,
    output          TEXT,
    input_tokens    INTEGER,
    output_tokens   INTEGER,
    flags           INTEGER NOT NULL,
    attributes      TEXT,
    payload         TEXT NOT NULL,
    payload_sha256  BLOB NOT NULL,
    payload_key     INTEGER           -- first 64 bits of payload_sha256; NULL after a key collision
) STRICT;
CREATE UNIQUE INDEX events_payload_key ON events(payload_key);

CREATE VIRTUAL TABLE events_fts USING fts5(
    prompt, output, content = 'events', content_rowid = 'id'
);

CREATE TABLE dead_letters (
    id           INTEGER PRIMARY KEY,
    batch_id     INTEGER NOT NULL,
    record_time  INTEGER NOT NULL,
    source       TEXT NOT NULL,
    locator      TEXT NOT NULL,   -- where in the source: file and line, request id, ...
    reason       TEXT NOT NULL,
    raw          BLOB NOT NULL,   -- the bytes as received (the first 64 KiB of an oversized record)
    raw_size     INTEGER NOT NULL,
    raw_sha256   BLOB NOT NULL
) STRICT;

CREATE TABLE alerts (
    id                 INTEGER PRIMARY KEY,
    rule_id            TEXT NOT NULL,
    title              TEXT NOT NULL,
    severity           TEXT NOT NULL,
    status             TEXT NOT NULL,
    criteria           TEXT NOT NULL,   -- JSON array of the criteria that fired
    group_key          TEXT NOT NULL,
    event_count        INTEGER NOT NULL,
    first_event_time   INTEGER NOT NULL,
    last_event_time    INTEGER NOT NULL,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    sla_due_at         INTEGER,
    escalation_target  TEXT,
    assignee           TEXT,
    resolution_reason  TEXT
) STRICT;
CREATE TABLE alert_events (
    alert_id  INTEGER NOT NULL,
    event_id  INTEGER NOT NULL,
    PRIMARY KEY (alert_id, event_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE indicators (
    id           INTEGER PRIMARY KEY,
    type         TEXT NOT NULL,
    value        TEXT NOT NULL,
    source       TEXT NOT NULL,
    confidence   INTEGER,
    valid_from   INTEGER,
    valid_until  INTEGER,
    first_seen   INTEGER,
    last_seen    INTEGER,
    sightings    INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL
) STRICT;

CREATE TABLE actions (
    id            INTEGER PRIMARY KEY,
    type          TEXT NOT NULL,
    target        TEXT NOT NULL,
    parameters    TEXT,
    state         TEXT NOT NULL,
    reason        TEXT,
    proposed_by   TEXT NOT NULL,
    proposed_at   INTEGER NOT NULL,
    approved_by   TEXT,
    approved_at   INTEGER,
    executed_at   INTEGER,
    verified_at   INTEGER,
    reverted_at   INTEGER,
    result        TEXT
) STRICT;

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    phase         TEXT NOT NULL,
    owner_role    TEXT,
    assignee      TEXT,
    due_at        INTEGER,
    status        TEXT NOT NULL,
    position      INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    completed_at  INTEGER
) STRICT;

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    author      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    body        TEXT NOT NULL,
    event_id    INTEGER
) STRICT;

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    path         TEXT,
    sha256       BLOB NOT NULL,
    size         INTEGER NOT NULL,
    description  TEXT,
    added_by     TEXT NOT NULL,
    added_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE review_sections (
    id          INTEGER PRIMARY KEY,
    section     TEXT NOT NULL UNIQUE,
    body        TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    owner       TEXT,
    due_at      INTEGER,
    status      TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE feed_checkpoints (
    feed        TEXT PRIMARY KEY,
    position    TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

-- The hash-chained audit log: hash = SHA-256(prev_hash || canonical(row without hash)).
CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    INTEGER NOT NULL,
    detail       TEXT NOT NULL,
    state_hash   BLOB NOT NULL,
    prev_hash    BLOB NOT NULL,
    hash         BLOB NOT NULL
) STRICT;
CREATE INDEX audit_object ON audit(object_type, object_id);

INSERT INTO case_stats (id) VALUES (1);
INSERT INTO meta (key, value) VALUES ('fts_indexed_upto', 0), ('bulk_indexes_pending', 0);
)sql";

const std::vector<IndexDefinition> kEventIndexes = {
    // Covering for the timeline: its compact columns are read from this index alone, never
    // from the wide event rows (prompts, outputs, payloads).
    {"events_time", "CREATE INDEX IF NOT EXISTS events_time ON events(event_time, kind, flags, account_id, session_id,"
                    " source_ip_id)"},
    {"events_account", "CREATE INDEX IF NOT EXISTS events_account ON events(account_id, event_time)"},
    {"events_session", "CREATE INDEX IF NOT EXISTS events_session ON events(session_id, event_time)"},
    {"events_ip", "CREATE INDEX IF NOT EXISTS events_ip ON events(source_ip_id, event_time)"},
    // An account's logins in time order with their flags (success or failure): forensics
    // looks back from each login, and auth events are a few percent of all events.
    {"events_auth", "CREATE INDEX IF NOT EXISTS events_auth ON events(account_id, event_time, flags) WHERE kind = 'auth'"},
};

void applyV1(Database &db)
{
    db.exec(kSchemaV1);
    for (const auto &index : kEventIndexes)
        db.exec(index.sql);
}

// v2: indicators from threat intelligence (STIX, MISP) keep their identity and pattern, and
// one value from one source is stored once; alerts get what triage records and shows.
constexpr const char *kSchemaV2 = R"sql(
ALTER TABLE indicators ADD COLUMN external_id TEXT;
ALTER TABLE indicators ADD COLUMN name TEXT;
ALTER TABLE indicators ADD COLUMN pattern TEXT;
ALTER TABLE indicators ADD COLUMN attributes TEXT;
CREATE UNIQUE INDEX indicators_identity ON indicators(type, value, source);

ALTER TABLE alerts ADD COLUMN recommended_actions TEXT;   -- JSON array of strings
ALTER TABLE alerts ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE alerts ADD COLUMN escalated_at INTEGER;
ALTER TABLE alerts ADD COLUMN resolved_at INTEGER;
CREATE INDEX alerts_group ON alerts(rule_id, group_key, last_event_time);
CREATE INDEX alert_events_event ON alert_events(event_id);

INSERT INTO meta (key, value) VALUES ('detection_upto', 0);
)sql";

void applyV2(Database &db)
{
    db.exec(kSchemaV2);
}

// v3: the feeds a case listens to. Secrets are never stored: a feed names where to read
// them (env:NAME, file:PATH).
constexpr const char *kSchemaV3 = R"sql(
CREATE TABLE feeds (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    config      TEXT NOT NULL,   -- JSON, per kind (docs/feeds.md)
    enabled     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
)sql";

void applyV3(Database &db)
{
    db.exec(kSchemaV3);
}

// v4: case settings people change (the detection rules a case uses instead of the built-in
// ones), audited like every other decision.
constexpr const char *kSchemaV4 = R"sql(
CREATE TABLE settings (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;
)sql";

void applyV4(Database &db)
{
    db.exec(kSchemaV4);
}

// v5: deliveries a sender named (Idempotency-Key, webhook-id, X-GitHub-Delivery), so a
// retried delivery is answered as already received instead of being ingested again, and a
// reused id with another body is refused. Written in the same transaction as the events.
constexpr const char *kSchemaV5 = R"sql(
CREATE TABLE deliveries (
    feed         TEXT NOT NULL,
    delivery_id  TEXT NOT NULL,
    body_sha256  BLOB NOT NULL,
    received_at  INTEGER NOT NULL,
    accepted     INTEGER NOT NULL,
    duplicates   INTEGER NOT NULL,
    rejected     INTEGER NOT NULL,
    indicators   INTEGER NOT NULL,
    PRIMARY KEY (feed, delivery_id)
) STRICT, WITHOUT ROWID;
)sql";

void applyV5(Database &db)
{
    db.exec(kSchemaV5);
}

// v6: forensics. Suffix clusters and prompt families with their members, account profiles
// and coordinated campaigns are derived from events by analysis runs; each run is one
// audited `analyses` row. Members are append-only and each names the run that added it;
// the run's members_sha256 covers them (as a batch covers its events) and its
// state_sha256 covers the tables runs update in place as it left them, so `verify`
// notices an edit to any of them. forensics_upto is how far analysis got.
constexpr const char *kSchemaV6 = R"sql(
CREATE TABLE analyses (
    id              INTEGER PRIMARY KEY,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER NOT NULL,
    from_event      INTEGER NOT NULL,   -- events after this id were analysed ...
    upto_event      INTEGER NOT NULL,   -- ... up to and including this one
    settings        TEXT NOT NULL,      -- JSON: thresholds the run used
    summary         TEXT NOT NULL,      -- JSON: counts
    rebuilt         INTEGER NOT NULL,   -- started over: earlier runs' results were discarded
    members         INTEGER NOT NULL,   -- cluster members this run added
    members_sha256  BLOB NOT NULL,      -- over those members, in (cluster_id, event_id) order
    state_sha256    BLOB NOT NULL       -- over clusters, account_profiles, campaigns, campaign_accounts
) STRICT;

CREATE TABLE clusters (
    id                    INTEGER PRIMARY KEY,
    kind                  TEXT NOT NULL,     -- suffix, family
    method                TEXT NOT NULL,     -- how members' text was taken: boundary, last_fifth, whole
    representative        TEXT NOT NULL,     -- the founding member's text
    representative_event  INTEGER NOT NULL,
    size                  INTEGER NOT NULL,
    accounts              INTEGER NOT NULL,
    first_seen            INTEGER NOT NULL,
    last_seen             INTEGER NOT NULL,
    exemplars             BLOB NOT NULL      -- MinHash signatures, little-endian uint32, concatenated
) STRICT;

CREATE TABLE cluster_members (
    cluster_id   INTEGER NOT NULL,
    event_id     INTEGER NOT NULL,
    similarity   REAL NOT NULL,
    analysis_id  INTEGER NOT NULL,      -- the run that added it
    PRIMARY KEY (cluster_id, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cluster_members_event ON cluster_members(event_id);
CREATE INDEX cluster_members_analysis ON cluster_members(analysis_id);

CREATE TABLE account_profiles (
    account_id             INTEGER PRIMARY KEY,
    requests               INTEGER NOT NULL,
    jailbreak_attempts     INTEGER NOT NULL,
    policy_violations      INTEGER NOT NULL,
    successful_jailbreaks  INTEGER NOT NULL,
    flagged_outputs        INTEGER NOT NULL,
    first_seen             INTEGER NOT NULL,
    last_seen              INTEGER NOT NULL,
    risk                   REAL NOT NULL,       -- 0..100
    suspend                INTEGER NOT NULL,    -- the suspension criteria hold
    reasons                TEXT NOT NULL        -- JSON array: why risk and suspend are what they are
) STRICT;

CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    first_seen   INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    accounts     INTEGER NOT NULL,
    evidence     TEXT NOT NULL,   -- JSON: shared clusters and infrastructure, links with scores
    proposals    TEXT NOT NULL    -- JSON: indicators and containment targets it suggests
) STRICT;

CREATE TABLE campaign_accounts (
    campaign_id  INTEGER NOT NULL,
    account_id   INTEGER NOT NULL,
    reasons      TEXT NOT NULL,   -- JSON array: why this account is in
    PRIMARY KEY (campaign_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX campaign_accounts_account ON campaign_accounts(account_id);

INSERT INTO meta (key, value) VALUES ('forensics_upto', 0);
)sql";

void applyV6(Database &db)
{
    db.exec(kSchemaV6);
}

// v7: indicators of compromise from forensics. Events matching an imported indicator are
// recorded as sightings by the analysis run that found them (append-only, covered by the
// run's members_sha256 like cluster members); so are the findings about authentication
// tokens. Indicators derived from the case are results like clusters.
// Adversarial examples are case objects a person records and edits, audited row by row.
constexpr const char *kSchemaV7 = R"sql(
CREATE TABLE indicator_sightings (
    indicator_id  INTEGER NOT NULL,
    event_id      INTEGER NOT NULL,
    analysis_id   INTEGER NOT NULL,
    PRIMARY KEY (indicator_id, event_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX indicator_sightings_event ON indicator_sightings(event_id);
CREATE INDEX indicator_sightings_analysis ON indicator_sightings(analysis_id);

CREATE TABLE auth_findings (
    event_id      INTEGER NOT NULL,
    kind          TEXT NOT NULL,   -- alg_none, expired_accepted, overlong_lifetime, role_escalation, failure_then_success, impossible_travel
    account_id    INTEGER,
    detail        TEXT NOT NULL,   -- human-readable: what exactly is wrong
    token_sha256  TEXT,            -- hex; the token itself is never stored
    analysis_id   INTEGER NOT NULL,
    PRIMARY KEY (event_id, kind)
) STRICT, WITHOUT ROWID;
CREATE INDEX auth_findings_analysis ON auth_findings(analysis_id);

-- Indicators forensics derives from the case itself (suffix signatures, shared addresses,
-- accounts to suspend, abused tokens, ...). Derived data like clusters: runs rewrite their
-- counts, and each run's state_sha256 covers them instead of an audit entry per change.
CREATE TABLE derived_indicators (
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    name        TEXT NOT NULL,
    confidence  INTEGER NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    sightings   INTEGER NOT NULL,
    attributes  TEXT NOT NULL,     -- JSON: the evidence (cluster, campaign, reasons, ...)
    PRIMARY KEY (type, value)      -- no row id: the same events give the same table however runs split them
) STRICT, WITHOUT ROWID;

CREATE TABLE adversarial_examples (
    id             INTEGER PRIMARY KEY,
    created_at     INTEGER NOT NULL,
    input          TEXT NOT NULL,
    attack_type    TEXT NOT NULL,   -- jailbreak, prompt_injection, adversarial_suffix, evasion, ...
    target         TEXT NOT NULL,   -- the model or system attacked
    prediction     TEXT,            -- what the model answered or decided
    ground_truth   TEXT,            -- what it should have
    perturbation   TEXT,            -- suffix, paraphrase, encoding, role_play, ...
    discovery      TEXT,            -- how it was found: incident, red_team, fuzzing, ...
    severity       TEXT NOT NULL,   -- Critical, High, Medium, Low
    event_id       INTEGER,         -- the event it was taken from, when it was
    transfers      TEXT NOT NULL    -- JSON object: model version -> {"fooled": bool, "at": time}
) STRICT;

INSERT INTO meta (key, value) VALUES ('indicators_matched_upto', 0);
)sql";

void applyV7(Database &db)
{
    db.exec(kSchemaV7);
    for (const auto &index : kEventIndexes)
        db.exec(index.sql);   // events_auth is new here; the others exist already
}

/// v8: events_time covers the timeline's columns (it indexed event_time alone before).
void applyV8(Database &db)
{
    db.exec("DROP INDEX IF EXISTS events_time");
    if (db.queryInt("SELECT value FROM meta WHERE key = 'bulk_indexes_pending'") == 0) {
        for (const auto &index : kEventIndexes)
            db.exec(index.sql);
    }
}

// v9: the response. An action's row carries its whole lifecycle (proposed → approved →
// executed → verified → reverted, or rejected / failed) with who and when for each step; the
// audit log keeps why. People in roles (the roster) and connectors (how actions reach the
// systems they act on) are case objects, audited row by row; connector secrets are not stored,
// only where to read them.
constexpr const char *kSchemaV9 = R"sql(
ALTER TABLE actions ADD COLUMN phase TEXT;
ALTER TABLE actions ADD COLUMN origin TEXT;          -- where the proposal came from: alert:12, campaign:3, playbook:…, a person
ALTER TABLE actions ADD COLUMN connector TEXT;       -- the connector's name; manual when none
ALTER TABLE actions ADD COLUMN rejected_by TEXT;
ALTER TABLE actions ADD COLUMN rejected_at INTEGER;
ALTER TABLE actions ADD COLUMN executed_by TEXT;
ALTER TABLE actions ADD COLUMN verified_by TEXT;
ALTER TABLE actions ADD COLUMN reverted_by TEXT;
ALTER TABLE actions ADD COLUMN failed_at INTEGER;
ALTER TABLE actions ADD COLUMN failure TEXT;
ALTER TABLE actions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actions ADD COLUMN revert_result TEXT;
ALTER TABLE actions ADD COLUMN updated_at INTEGER;
CREATE INDEX actions_target ON actions(type, target, state);

CREATE TABLE people (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL,
    role      TEXT NOT NULL,     -- incident_commander, security_analyst, model_engineer, application_developer, legal_compliance
    contact   TEXT,
    on_call   INTEGER NOT NULL DEFAULT 0,
    added_at  INTEGER NOT NULL,
    UNIQUE (name, role)
) STRICT;

CREATE TABLE connectors (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,   -- http, file, manual
    config      TEXT NOT NULL,   -- JSON: url, directory, secret reference, timeout, retries
    dry_run     INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
) STRICT;
)sql";

void applyV9(Database &db)
{
    db.exec(kSchemaV9);
}

// v10: playbook tasks. A task remembers the playbook it came from and who completed it.
constexpr const char *kSchemaV10 = R"sql(
ALTER TABLE tasks ADD COLUMN playbook TEXT;
ALTER TABLE tasks ADD COLUMN completed_by TEXT;
ALTER TABLE tasks ADD COLUMN updated_at INTEGER;
)sql";

void applyV10(Database &db)
{
    db.exec(kSchemaV10);
}

// v11: communications and regulatory clocks. The communications log holds every message the
// case sent or recorded: notifications to channels (queued, then sent or failed, with what the
// service answered) and statements to stakeholders, affected users and regulators. `notified`
// remembers which alert or action a channel was told about, so a fact is announced once even
// across restarts. A regulatory clock, once started by a fact, keeps its start: later changes
// to the case do not move a legal deadline.
constexpr const char *kSchemaV11 = R"sql(
CREATE TABLE communications (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    kind        TEXT NOT NULL,      -- notification, statement
    trigger     TEXT,               -- escalation, sla_breach, approval_request, action_executed
    audience    TEXT NOT NULL,      -- responders, stakeholders, affected_users, regulators
    channel     TEXT,               -- the channel's name; NULL for a statement sent outside Cordon
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    payload     TEXT,               -- JSON posted to the channel, without its secret
    status      TEXT NOT NULL,      -- pending, sent, failed, recorded
    attempts    INTEGER NOT NULL DEFAULT 0,
    response    TEXT,               -- JSON: what the service answered
    author      TEXT NOT NULL,
    sent_at     INTEGER
) STRICT;
CREATE INDEX communications_status ON communications(status);

CREATE TABLE notified (
    trigger           TEXT NOT NULL,
    subject           TEXT NOT NULL,   -- alert:12, action:7
    channel           TEXT NOT NULL,
    communication_id  INTEGER NOT NULL,
    PRIMARY KEY (trigger, subject, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE regulatory_clocks (
    id           INTEGER PRIMARY KEY,
    regime       TEXT NOT NULL UNIQUE,   -- the clock definition's id, e.g. gdpr_art33
    name         TEXT NOT NULL,
    started_at   INTEGER NOT NULL,       -- awareness: when the starting fact became known
    deadline_at  INTEGER NOT NULL,
    basis        TEXT NOT NULL,          -- the fact that started it
    started_by   TEXT NOT NULL,
    closed_at    INTEGER,
    closed_by    TEXT,
    outcome      TEXT,                   -- notified, not_required
    note         TEXT
) STRICT;
)sql";

void applyV11(Database &db)
{
    db.exec(kSchemaV11);
}

// v12: the full-text index merges its segments with settings for live feeds (see
// event_indexes::kLiveAutomerge).
void applyV12(Database &db)
{
    event_indexes::useLiveMergeSettings(db);
}

} // namespace

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> all = {
        {1, applyV1},
        {2, applyV2},
        {3, applyV3},
        {4, applyV4},
        {5, applyV5},
        {6, applyV6},
        {7, applyV7},
        {8, applyV8},
        {9, applyV9},
        {10, applyV10},
        {11, applyV11},
        {12, applyV12},
    };
    return all;
}

int currentVersion()
{
    return migrations().back().version;
}

const std::vector<IndexDefinition> &eventQueryIndexes()
{
    return kEventIndexes;
}

void migrate(Database &db, int target)
{
    if (target <= 0)
        target = currentVersion();
    const int from = static_cast<int>(db.queryInt("PRAGMA user_version"));
    for (const Migration &m : migrations()) {
        if (m.version <= from || m.version > target)
            continue;
        WriteTransaction txn(db);
        m.apply(db);
        db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
        db.exec("PRAGMA user_version = " + std::to_string(m.version));
        txn.commit();
    }
}

} // namespace cordon::core::schema
