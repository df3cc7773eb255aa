#pragma once

#include "core/util/clock.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cordon::core {

/// A JWT's header and claims, decoded without any key (forensics needs no secret).
struct DecodedJwt {
    nlohmann::json header, claims;
};
std::optional<DecodedJwt> decodeJwt(std::string_view token);

/// One thing wrong with an accepted token.
struct JwtProblem {
    std::string kind;   ///< alg_none, expired_accepted, overlong_lifetime, role_escalation
    std::string text;   ///< human-readable, with the numbers
};

/// What is wrong with a token that a system accepted.
struct JwtFindings {
    std::vector<JwtProblem> problems;
    bool algNone = false;
    bool expiredAccepted = false;
    bool roleEscalated = false;
    bool overlongLifetime = false;
};

/// Checks a token used at `usedAt`: alg "none" or missing, expired yet accepted, lifetime
/// beyond maxLifetime, and a role claim that differs from the role the issuer granted.
JwtFindings checkAcceptedJwt(const DecodedJwt &token, TimeUs usedAt, bool accepted,
                             std::optional<std::string> issuedRole, TimeUs maxLifetime);

} // namespace cordon::core
