#pragma once

#include "core/response/roster.h"

#include <nlohmann/json.hpp>

namespace cordon::core::response {

/// How a case runs its response, set by the incident commander.
struct ResponsePolicy {
    /// Destructive or broad actions need approval by a second person (not the proposer) who
    /// holds `approverRole` on the roster.
    bool twoPersonApproval = false;
    Role approverRole = Role::IncidentCommander;
    /// The connector proposals use when they name none; empty: manual (a person confirms).
    std::string defaultConnector;

    nlohmann::json toJson() const;
    static Expected<ResponsePolicy> fromJson(const nlohmann::json &j);
};

/// The case's policy, the defaults when it has none; an unreadable stored policy is an error.
Expected<ResponsePolicy> responsePolicy(Database &db);
/// Stores the policy (audited setting.change).
Status storeResponsePolicy(Database &db, const Clock &clock, const std::string &actor, const ResponsePolicy &policy);

} // namespace cordon::core::response
