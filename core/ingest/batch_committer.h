#pragma once

#include "core/ingest/ingest_batch.h"
#include "core/store/sqlite.h"

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

namespace cordon::core {

class Sha256;

/// Writes ingest batches on the writer connection. One batch is one transaction holding its
/// entities, events (duplicates by payload hash skipped), dead letters, the batch row with a
/// digest over all of them, the updated case counters and one audit entry.
class BatchCommitter {
public:
    explicit BatchCommitter(Database &db);
    ~BatchCommitter();

    /// Commits `batch` in one transaction; maintainFullText=false leaves the FTS index to a
    /// later catch-up (bulk import). Throws SqlError after rolling back.
    BatchResult commit(const IngestBatch &batch, bool maintainFullText);

    /// The same in steps, so a large transaction can be fed in chunks with flat memory:
    /// begin() opens the transaction, append() adds a chunk's events and dead letters (the
    /// batch's source/actor/recordTime/detail come from begin's header), finish() commits.
    void begin(const IngestBatch &header);
    /// `storedIds`, when given, gets each event's id in order (0 for a duplicate).
    void append(const std::vector<Event> &events, const std::vector<DeadLetter> &deadLetters,
                std::vector<std::int64_t> *storedIds = nullptr);
    /// Adds indicators; one already stored with the same type, value and source is skipped.
    /// Each new one gets its own audit entry.
    void appendIndicators(const std::vector<Indicator> &indicators);
    BatchResult finish(bool maintainFullText, const nlohmann::json &detailUpdate = nlohmann::json::object());
    void abort();
    bool inBatch() const { return m_open != nullptr; }
    /// What the open batch holds so far, so a caller feeding several requests into one
    /// transaction can tell each what became of its records.
    struct Counts {
        std::int64_t accepted = 0, duplicates = 0, rejected = 0, indicators = 0;
    };
    Counts counts() const;

private:
    struct Range {
        std::int64_t first = 0, last = 0, count = 0;
        void add(std::int64_t id)
        {
            if (count++ == 0)
                first = id;
            last = id;
        }
    };
    struct Open;

    struct EntityCodes {
        std::optional<std::int64_t> account, session, ip, agent, model;
    };
    using EntityMap = std::unordered_map<std::string, std::int64_t>;

    std::optional<std::int64_t> resolveEntity(std::string_view kind, const std::optional<std::string> &value,
                                              Sha256 &digest, EntityMap &created);
    void bindEvent(std::int64_t batchId, const Event &e, const EntityCodes &c, std::optional<std::int64_t> key);
    /// Inserts the event; returns the payload key stored, or nothing for a duplicate.
    std::optional<std::optional<std::int64_t>> insertEvent(std::int64_t batchId, const Event &e, const EntityCodes &c);

    Database &m_db;
    Statement m_findEntity, m_insertEntity, m_insertEvent, m_findPayload, m_insertDead, m_insertBatch, m_insertIndicator;
    /// (kind, value) → id for entities known to be committed.
    EntityMap m_entityCache;
    std::unique_ptr<Open> m_open;
};

/// A batch digest: SHA-256 over the digests of its entity, event and dead-letter rows.
Digest combineBatchDigest(const Digest &entities, const Digest &events, const Digest &deadLetters);

/// The canonical encoding of an event row, as RowEncoder would read it back from the table.
void encodeEventRow(Sha256 &sink, std::int64_t id, std::int64_t batchId, const Event &e,
                    const std::optional<std::int64_t> &account, const std::optional<std::int64_t> &session,
                    const std::optional<std::int64_t> &ip, const std::optional<std::int64_t> &agent,
                    const std::optional<std::int64_t> &model, const std::optional<std::int64_t> &payloadKey);

} // namespace cordon::core
