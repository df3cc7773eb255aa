#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace cordon::core {

/// A case's own settings (detection rules, response policy, …): JSON values under a key in
/// the settings table, each change audited as a "setting" object.

/// The stored value, or nullopt when the case has none (or predates the settings table).
/// A stored value that is not JSON reads as a JSON string holding the text, so the caller's
/// parser reports it rather than it vanishing.
std::optional<nlohmann::json> readSetting(Database &db, const std::string &key);

/// Stores `value` under `key` with an audit entry (action setting.change, detail plus the
/// key). Call inside the caller's write transaction.
void writeSetting(Database &db, TimeUs now, const std::string &actor, const std::string &key,
                  const nlohmann::json &value, nlohmann::json auditDetail = nlohmann::json::object());

/// Removes `key`, audited as setting.reset; nothing when it is not set. Inside a transaction.
void resetSetting(Database &db, TimeUs now, const std::string &actor, const std::string &key);

} // namespace cordon::core
