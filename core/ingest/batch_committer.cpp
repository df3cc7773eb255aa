#include "core/ingest/batch_committer.h"

#include "core/audit/audit_log.h"
#include "core/audit/row_encoder.h"
#include "core/store/event_indexes.h"

#include <algorithm>

namespace cordon::core {
namespace {

constexpr std::size_t kEntityCacheLimit = 500'000;

std::string_view bytes(const Digest &d)
{
    return {reinterpret_cast<const char *>(d.data()), d.size()};
}

std::string entityKey(std::string_view kind, std::string_view value)
{
    std::string key;
    key.reserve(kind.size() + 1 + value.size());
    key.append(kind).push_back('\0');
    key.append(value);
    return key;
}

} // namespace

void encodeEventRow(Sha256 &sink, std::int64_t id, std::int64_t batchId, const Event &e,
                    const std::optional<std::int64_t> &account, const std::optional<std::int64_t> &session,
                    const std::optional<std::int64_t> &ip, const std::optional<std::int64_t> &agent,
                    const std::optional<std::int64_t> &model, const std::optional<std::int64_t> &payloadKey)
{
    RowEncoder(sink, "events")
        .optInteger("account_id", account)
        .optText("attributes", e.attributes)
        .integer("batch_id", batchId)
        .integer("event_time", e.eventTime)
        .optText("external_id", e.externalId)
        .integer("flags", e.flags)
        .integer("id", id)
        .optInteger("input_tokens", e.inputTokens)
        .text("kind", e.kind)
        .optInteger("model_id", model)
        .optText("model_version", e.modelVersion)
        .optText("output", e.output)
        .optInteger("output_tokens", e.outputTokens)
        .text("payload", e.payload)
        .optInteger("payload_key", payloadKey)
        .blob("payload_sha256", bytes(e.payloadSha256))
        .optText("prompt", e.prompt)
        .optText("provider", e.provider)
        .integer("record_time", e.recordTime)
        .optInteger("session_id", session)
        .text("source", e.source)
        .optInteger("source_ip_id", ip)
        .optInteger("user_agent_id", agent)
        .finish();
}

BatchCommitter::BatchCommitter(Database &db)
    : m_db(db),
      m_findEntity(db.prepare("SELECT id FROM entities WHERE kind = ? AND value = ?")),
      m_insertEntity(db.prepare("INSERT INTO entities (kind, value) VALUES (?, ?)")),
      m_insertEvent(db.prepare(
          "INSERT INTO events (batch_id, event_time, record_time, source, kind, external_id, account_id, session_id,"
          " source_ip_id, user_agent_id, model_id, model_version, provider, prompt, output, input_tokens,"
          " output_tokens, flags, attributes, payload, payload_sha256, payload_key)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          " ON CONFLICT (payload_key) DO NOTHING")),
      m_findPayload(db.prepare("SELECT payload_sha256 FROM events WHERE payload_key = ?")),
      m_insertDead(db.prepare(
          "INSERT INTO dead_letters (batch_id, record_time, source, locator, reason, raw, raw_size, raw_sha256)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")),
      m_insertBatch(db.prepare(
          "INSERT INTO batches (id, record_time, source, first_event_id, last_event_id, event_count, first_dead_id,"
          " last_dead_id, dead_count, first_entity_id, last_entity_id, entity_count, duplicate_count, digest)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")),
      m_insertIndicator(db.prepare(
          "INSERT INTO indicators (type, value, source, confidence, valid_from, valid_until, created_at, external_id,"
          " name, pattern, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          " ON CONFLICT (type, value, source) DO NOTHING"))
{
}

std::optional<std::int64_t> BatchCommitter::resolveEntity(std::string_view kind, const std::optional<std::string> &value,
                                                          Sha256 &digest, EntityMap &created)
{
    if (!value || value->empty())
        return std::nullopt;
    std::string key = entityKey(kind, *value);
    if (auto it = m_entityCache.find(key); it != m_entityCache.end())
        return it->second;
    if (auto it = created.find(key); it != created.end())
        return it->second;
    m_findEntity.bindText(1, kind).bindText(2, *value);
    const bool found = m_findEntity.step();
    const std::int64_t existing = found ? m_findEntity.int64(0) : 0;
    m_findEntity.reset();
    if (found) {
        if (m_entityCache.size() >= kEntityCacheLimit)
            m_entityCache.clear();
        m_entityCache.emplace(std::move(key), existing);
        return existing;
    }
    m_insertEntity.bindText(1, kind).bindText(2, *value);
    m_insertEntity.run();
    const std::int64_t id = m_db.lastInsertRowId();
    RowEncoder(digest, "entities").integer("id", id).text("kind", kind).text("value", *value).finish();
    created.emplace(std::move(key), id);
    return id;
}

void BatchCommitter::bindEvent(std::int64_t batchId, const Event &e, const EntityCodes &c,
                               std::optional<std::int64_t> key)
{
    Statement &st = m_insertEvent;
    st.bind(1, batchId).bind(2, e.eventTime).bind(3, e.recordTime).bindText(4, e.source);
    st.bindText(5, e.kind).bindText(6, e.externalId).bind(7, c.account).bind(8, c.session);
    st.bind(9, c.ip).bind(10, c.agent).bind(11, c.model).bindText(12, e.modelVersion);
    // The large texts are bound without copies: the event outlives the step that reads them.
    st.bindText(13, e.provider).bindTextNoCopy(14, e.prompt).bindTextNoCopy(15, e.output).bind(16, e.inputTokens);
    st.bind(17, e.outputTokens).bind(18, static_cast<std::int64_t>(e.flags)).bindTextNoCopy(19, e.attributes);
    st.bindTextNoCopy(20, std::string_view(e.payload)).bindBlob(21, e.payloadSha256.data(), 32).bind(22, key);
}

std::optional<std::optional<std::int64_t>> BatchCommitter::insertEvent(std::int64_t batchId, const Event &e,
                                                                      const EntityCodes &c)
{
    const std::int64_t key = digestKey(e.payloadSha256);
    bindEvent(batchId, e, c, key);
    m_insertEvent.run();
    if (m_db.changes() > 0)
        return std::optional<std::int64_t>(key);
    // The 64-bit key is taken: a true duplicate, or (astronomically rarely) two payloads sharing
    // a key, in which case the event is stored without a key rather than lost.
    m_findPayload.bind(1, key);
    const bool duplicate = m_findPayload.step() && m_findPayload.blobView(0) == bytes(e.payloadSha256);
    m_findPayload.reset();
    if (duplicate)
        return std::nullopt;
    bindEvent(batchId, e, c, std::nullopt);
    m_insertEvent.run();
    return std::optional<std::int64_t>();
}

struct BatchCommitter::Open {
    IngestBatch header;   // without events
    std::unique_ptr<WriteTransaction> txn;
    std::int64_t batchId = 0;
    std::int64_t entitiesBefore = 0;
    std::int64_t duplicates = 0;
    std::int64_t indicators = 0, indicatorDuplicates = 0;
    Sha256 entityDigest, eventDigest, deadDigest;
    EntityMap created;
    Range events, dead;
    std::optional<TimeUs> minTime, maxTime;
};

BatchCommitter::~BatchCommitter() = default;

Digest combineBatchDigest(const Digest &entities, const Digest &events, const Digest &deadLetters)
{
    Sha256 sha;
    sha.update(entities);
    sha.update(events);
    sha.update(deadLetters);
    return sha.finish();
}

BatchResult BatchCommitter::commit(const IngestBatch &batch, bool maintainFullText)
{
    begin(batch);
    try {
        append(batch.events, batch.deadLetters);
        appendIndicators(batch.indicators);
        return finish(maintainFullText);
    } catch (...) {
        abort();
        throw;
    }
}

void BatchCommitter::begin(const IngestBatch &header)
{
    auto open = std::make_unique<Open>();
    open->header.source = header.source;
    open->header.actor = header.actor;
    open->header.recordTime = header.recordTime;
    open->header.detail = header.detail;
    open->txn = std::make_unique<WriteTransaction>(m_db);
    open->batchId = m_db.queryInt("SELECT COALESCE(MAX(id), 0) + 1 FROM batches");
    open->entitiesBefore = m_db.queryInt("SELECT COALESCE(MAX(id), 0) FROM entities");
    m_open = std::move(open);
}

void BatchCommitter::abort()
{
    m_open.reset(); // the transaction rolls back; the entity cache never saw its ids
}

void BatchCommitter::append(const std::vector<Event> &batchEvents, const std::vector<DeadLetter> &deadLetters,
                            std::vector<std::int64_t> *storedIds)
{
    Open &o = *m_open;
    std::vector<EntityCodes> codes;
    codes.reserve(batchEvents.size());
    for (const Event &e : batchEvents) {
        codes.push_back({resolveEntity("account", e.account, o.entityDigest, o.created),
                         resolveEntity("session", e.session, o.entityDigest, o.created),
                         resolveEntity("ip", e.sourceIp, o.entityDigest, o.created),
                         resolveEntity("user_agent", e.userAgent, o.entityDigest, o.created),
                         resolveEntity("model", e.model, o.entityDigest, o.created)});
    }

    for (std::size_t i = 0; i < batchEvents.size(); ++i) {
        const Event &e = batchEvents[i];
        const EntityCodes &c = codes[i];
        const auto stored = insertEvent(o.batchId, e, c);
        if (!stored) {
            ++o.duplicates;
            if (storedIds)
                storedIds->push_back(0);
            continue;
        }
        const std::int64_t id = m_db.lastInsertRowId();
        if (storedIds)
            storedIds->push_back(id);
        o.events.add(id);
        encodeEventRow(o.eventDigest, id, o.batchId, e, c.account, c.session, c.ip, c.agent, c.model, *stored);
        o.minTime = std::min(o.minTime.value_or(e.eventTime), e.eventTime);
        o.maxTime = std::max(o.maxTime.value_or(e.eventTime), e.eventTime);
    }

    for (const DeadLetter &d : deadLetters) {
        m_insertDead.bind(1, o.batchId).bind(2, o.header.recordTime).bindText(3, d.source).bindText(4, d.locator);
        m_insertDead.bindText(5, d.reason).bindBlob(6, d.raw.data(), d.raw.size());
        m_insertDead.bind(7, static_cast<std::int64_t>(d.rawSize)).bindBlob(8, d.rawSha256.data(), 32);
        m_insertDead.run();
        const std::int64_t id = m_db.lastInsertRowId();
        o.dead.add(id);
        RowEncoder(o.deadDigest, "dead_letters")
            .integer("batch_id", o.batchId)
            .integer("id", id)
            .text("locator", d.locator)
            .blob("raw", d.raw)
            .blob("raw_sha256", bytes(d.rawSha256))
            .integer("raw_size", static_cast<std::int64_t>(d.rawSize))
            .text("reason", d.reason)
            .integer("record_time", o.header.recordTime)
            .text("source", d.source)
            .finish();
    }
}

BatchCommitter::Counts BatchCommitter::counts() const
{
    if (!m_open)
        return {};
    return {m_open->events.count, m_open->duplicates, m_open->dead.count, m_open->indicators};
}

void BatchCommitter::appendIndicators(const std::vector<Indicator> &indicators)
{
    Open &o = *m_open;
    for (const Indicator &ind : indicators) {
        Statement &st = m_insertIndicator;
        st.bindText(1, ind.type).bindText(2, ind.value).bindText(3, ind.source).bind(4, ind.confidence);
        st.bind(5, ind.validFrom).bind(6, ind.validUntil).bind(7, o.header.recordTime).bindText(8, ind.externalId);
        st.bindText(9, ind.name).bindText(10, ind.pattern).bindText(11, ind.attributes);
        st.run();
        if (m_db.changes() == 0) {
            ++o.indicatorDuplicates;
            continue;
        }
        ++o.indicators;
        AuditLog::record(m_db, o.header.recordTime,
                         {o.header.actor, "indicator.import", "indicator", m_db.lastInsertRowId(),
                          {{"source", ind.source}, {"batch", o.batchId}}});
    }
}

BatchResult BatchCommitter::finish(bool maintainFullText, const nlohmann::json &detailUpdate)
{
    Open &o = *m_open;
    Range entities;
    for (std::size_t i = 0; i < o.created.size(); ++i)
        entities.add(o.entitiesBefore + 1 + static_cast<std::int64_t>(i));

    const Digest digest = combineBatchDigest(o.entityDigest.finish(), o.eventDigest.finish(), o.deadDigest.finish());
    auto bindRange = [](Statement &st, int index, const Range &r) {
        if (r.count)
            st.bind(index, r.first).bind(index + 1, r.last);
        else
            st.bindNull(index).bindNull(index + 1);
        st.bind(index + 2, r.count);
    };
    Statement &b = m_insertBatch;
    b.bind(1, o.batchId).bind(2, o.header.recordTime).bindText(3, o.header.source);
    bindRange(b, 4, o.events);
    bindRange(b, 7, o.dead);
    bindRange(b, 10, entities);
    b.bind(13, o.duplicates).bindBlob(14, digest.data(), 32);
    b.run();

    BatchResult result;
    result.batchId = o.batchId;
    {   // reset (back in the cache) before the commit below, which a running statement would block
        CachedStatement stats = m_db.cached(
            "UPDATE case_stats SET event_count = event_count + ?1, dead_letter_count = dead_letter_count + ?2,"
            " duplicate_count = duplicate_count + ?3,"
            " first_event_time = CASE WHEN ?4 IS NULL THEN first_event_time ELSE MIN(COALESCE(first_event_time, ?4), ?4) END,"
            " last_event_time = CASE WHEN ?5 IS NULL THEN last_event_time ELSE MAX(COALESCE(last_event_time, ?5), ?5) END,"
            " last_record_time = ?6, commit_seq = commit_seq + 1 WHERE id = 1 RETURNING commit_seq");
        stats->bind(1, o.events.count).bind(2, o.dead.count).bind(3, o.duplicates).bind(4, o.minTime).bind(5, o.maxTime);
        stats->bind(6, o.header.recordTime);
        result.commitSeq = stats->step() ? stats->int64(0) : 0;
    }

    nlohmann::json detail = o.header.detail;
    if (detailUpdate.is_object())
        detail.update(detailUpdate);
    detail["source"] = o.header.source;
    detail["events"] = o.events.count;
    detail["dead_letters"] = o.dead.count;
    detail["duplicates"] = o.duplicates;
    if (o.indicators || o.indicatorDuplicates) {
        detail["indicators"] = o.indicators;
        detail["indicator_duplicates"] = o.indicatorDuplicates;
    }
    AuditLog::record(m_db, o.header.recordTime, {o.header.actor, "events.ingest", "batch", o.batchId, detail});

    if (maintainFullText)
        event_indexes::catchUpFullText(m_db);
    o.txn->commit();

    // Only now are the new entity ids real; a rolled-back batch must not leave them cached.
    if (m_entityCache.size() + o.created.size() > kEntityCacheLimit)
        m_entityCache.clear();
    m_entityCache.insert(o.created.begin(), o.created.end());

    result.accepted = o.events.count;
    result.rejected = o.dead.count;
    result.duplicates = o.duplicates;
    result.indicators = o.indicators;
    result.indicatorDuplicates = o.indicatorDuplicates;
    result.firstEventId = o.events.first;
    result.lastEventId = o.events.last;
    m_open.reset();
    return result;
}

} // namespace cordon::core
