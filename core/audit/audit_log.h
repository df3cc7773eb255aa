#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/sha256.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::core {

/// Who did what to which object; the state hash is computed from the row as written.
struct AuditRecord {
    std::string actor;        ///< a person's name, "rule:<id>", or "cordon" for the engine
    std::string action;       ///< e.g. "case.create", "events.ingest", "alert.dismiss"
    std::string objectType;   ///< one of auditedObjects()
    std::int64_t objectId = 0;
    nlohmann::json detail = nlohmann::json::object();
};

/// A stored audit entry.
struct AuditEntry {
    std::int64_t seq = 0;
    TimeUs at = 0;
    std::string actor, action, objectType;
    std::int64_t objectId = 0;
    std::string detail;
    Digest stateHash{}, prevHash{}, hash{};
};

/// The audit table's columns in the order auditEntryAt() reads them: SELECT these FROM audit.
inline constexpr std::string_view kAuditColumns =
    "seq, at, actor, action, object_type, object_id, detail, state_hash, prev_hash, hash";
/// The entry on a statement's current row (columns as kAuditColumns).
AuditEntry auditEntryAt(const Statement &st);

/// Appends hash-chained entries. Call inside the write transaction of the change itself,
/// after the change, so the entry and the change commit or vanish together.
class AuditLog {
public:
    /// Records the current state of (objectType, objectId), read back from its table.
    static AuditEntry record(Database &db, TimeUs at, const AuditRecord &record);
    /// Records an explicit state hash (deletions use kDeletedState).
    static AuditEntry append(Database &db, TimeUs at, const AuditRecord &record, const Digest &stateHash);

    /// hash = SHA-256(prev_hash || canonical encoding of every other column).
    static Digest computeHash(const AuditEntry &entry);
    /// The newest entry's hash; all zeros for an empty log.
    static Digest headHash(Database &db, std::int64_t *seq = nullptr);
    /// The newest `limit` entries, newest first (for the window's audit view).
    static std::vector<AuditEntry> newest(Database &db, int limit);
};

} // namespace cordon::core
