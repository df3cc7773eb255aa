#include "core/store/case_settings.h"

#include "core/audit/audit_log.h"
#include "core/audit/row_encoder.h"

namespace cordon::core {

std::optional<nlohmann::json> readSetting(Database &db, const std::string &key)
{
    Statement exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings'");
    if (!exists.step())
        return std::nullopt;   // a case from before settings existed, read without migrating
    Statement st = db.prepare("SELECT value FROM settings WHERE key = ?");
    st.bindText(1, key);
    if (!st.step())
        return std::nullopt;
    const std::string text = st.text(0);
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json(text) : j;
}

void writeSetting(Database &db, TimeUs now, const std::string &actor, const std::string &key,
                  const nlohmann::json &value, nlohmann::json auditDetail)
{
    Statement up = db.prepare(
        "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at RETURNING id");
    up.bindText(1, key).bindText(2, value.dump()).bind(3, now);
    up.step();
    const std::int64_t id = up.int64(0);
    up.reset();
    auditDetail["key"] = key;
    AuditLog::record(db, now, {actor, "setting.change", "setting", id, std::move(auditDetail)});
}

void resetSetting(Database &db, TimeUs now, const std::string &actor, const std::string &key)
{
    Statement find = db.prepare("SELECT id FROM settings WHERE key = ?");
    find.bindText(1, key);
    if (!find.step())
        return;
    const std::int64_t id = find.int64(0);
    find.reset();
    Statement del = db.prepare("DELETE FROM settings WHERE id = ?");
    del.bind(1, id);
    del.run();
    AuditLog::append(db, now, {actor, "setting.reset", "setting", id, {{"key", key}}}, kDeletedState);
}

} // namespace cordon::core
