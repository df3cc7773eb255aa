#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cordon::core {

/// A feed the case listens to, as stored in the case file.
struct FeedDefinition {
    std::int64_t id = 0;
    std::string name;
    std::string kind;               ///< http, syslog_udp, syslog_tcp, tail, alertmanager_pull
    nlohmann::json config = nlohmann::json::object();
    bool enabled = true;
};

/// Checks a definition: a known kind, the fields its kind needs, and no literal secret
/// (auth must name env:NAME or file:PATH).
Status validateFeed(const FeedDefinition &feed);

/// Feed definitions in the case file; every change is audited. Call on the writer connection.
namespace feed_store {
std::vector<FeedDefinition> list(Database &db);
Expected<std::int64_t> add(Database &db, const Clock &clock, const std::string &actor, const FeedDefinition &feed);
/// Replaces the definition named `name` (which may rename it).
Status update(Database &db, const Clock &clock, const std::string &actor, const std::string &name, const FeedDefinition &feed);
Status setEnabled(Database &db, const Clock &clock, const std::string &actor, const std::string &name, bool enabled);
Status remove(Database &db, const Clock &clock, const std::string &actor, const std::string &name);
} // namespace feed_store

} // namespace cordon::core
