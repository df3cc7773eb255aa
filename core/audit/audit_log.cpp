#include "core/audit/audit_log.h"

#include "core/audit/audited_objects.h"
#include "core/audit/row_encoder.h"

#include <stdexcept>

namespace cordon::core {
namespace {

std::string_view asBytes(const Digest &d)
{
    return {reinterpret_cast<const char *>(d.data()), d.size()};
}

} // namespace

Digest AuditLog::computeHash(const AuditEntry &e)
{
    Sha256 sink;
    sink.update(e.prevHash);
    RowEncoder(sink, "audit")
        .text("action", e.action)
        .text("actor", e.actor)
        .integer("at", e.at)
        .text("detail", e.detail)
        .integer("object_id", e.objectId)
        .text("object_type", e.objectType)
        .blob("prev_hash", asBytes(e.prevHash))
        .integer("seq", e.seq)
        .blob("state_hash", asBytes(e.stateHash))
        .finish();
    return sink.finish();
}

Digest AuditLog::headHash(Database &db, std::int64_t *seq)
{
    CachedStatement st = db.cached("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    Digest head{};
    std::int64_t s = 0;
    if (st->step()) {
        s = st->int64(0);
        const auto bytes = st->blobView(1);
        if (bytes.size() == head.size())
            std::copy(bytes.begin(), bytes.end(), head.begin());
    }
    if (seq)
        *seq = s;
    return head;
}

AuditEntry auditEntryAt(const Statement &st)
{
    // A hash of the wrong length (a tampered row) reads as zeros, which no chain link matches.
    auto digest = [&st](int column) {
        Digest d{};
        const auto bytes = st.blobView(column);
        if (bytes.size() == d.size())
            std::copy(bytes.begin(), bytes.end(), d.begin());
        return d;
    };
    AuditEntry e;
    e.seq = st.int64(0);
    e.at = st.int64(1);
    e.actor = st.text(2);
    e.action = st.text(3);
    e.objectType = st.text(4);
    e.objectId = st.int64(5);
    e.detail = st.text(6);
    e.stateHash = digest(7);
    e.prevHash = digest(8);
    e.hash = digest(9);
    return e;
}

std::vector<AuditEntry> AuditLog::newest(Database &db, int limit)
{
    std::vector<AuditEntry> out;
    Statement st = db.prepare("SELECT " + std::string(kAuditColumns) + " FROM audit ORDER BY seq DESC LIMIT ?");
    st.bind(1, limit);
    while (st.step())
        out.push_back(auditEntryAt(st));
    return out;
}

AuditEntry AuditLog::record(Database &db, TimeUs at, const AuditRecord &record)
{
    const std::string_view table = tableForObjectType(record.objectType);
    if (table.empty())
        throw std::logic_error("audit: unknown object type " + record.objectType);
    return append(db, at, record, rowStateHash(db, table, record.objectId));
}

AuditEntry AuditLog::append(Database &db, TimeUs at, const AuditRecord &record, const Digest &stateHash)
{
    AuditEntry e;
    std::int64_t lastSeq = 0;
    e.prevHash = headHash(db, &lastSeq);
    e.seq = lastSeq + 1;
    e.at = at;
    e.actor = record.actor;
    e.action = record.action;
    e.objectType = record.objectType;
    e.objectId = record.objectId;
    e.detail = record.detail.dump();
    e.stateHash = stateHash;
    e.hash = computeHash(e);

    CachedStatement st = db.cached(
        "INSERT INTO audit (seq, at, actor, action, object_type, object_id, detail, state_hash, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st->bind(1, e.seq).bind(2, e.at).bindText(3, e.actor).bindText(4, e.action).bindText(5, e.objectType);
    st->bind(6, e.objectId).bindText(7, e.detail);
    st->bindBlob(8, e.stateHash.data(), 32).bindBlob(9, e.prevHash.data(), 32).bindBlob(10, e.hash.data(), 32);
    st->run();
    return e;
}

} // namespace cordon::core
