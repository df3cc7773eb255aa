#pragma once

#include "core/util/clock.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cordon::core::forensics {

/// Where a login came from, when the source reported coordinates (ECS source.geo.location,
/// OCSF src_endpoint.location).
struct GeoPoint {
    double lat = 0, lon = 0;
};

/// Great-circle distance in kilometres.
double distanceKm(GeoPoint a, GeoPoint b);

/// An authentication event as forensics reads it.
struct AuthEvent {
    std::int64_t id = 0;
    TimeUs time = 0;
    std::optional<std::int64_t> account;
    std::optional<std::string> ip;
    bool success = false;
    bool signatureFailure = false;          ///< rejected because the token's signature did not verify
    std::optional<std::string> token;       ///< the JWT presented, if any
    std::optional<std::string> issuedRole;  ///< the role the issuer granted, when the source says
    std::optional<GeoPoint> geo;
};

/// Reads an auth event's outcome, token and location from its stored attributes (JSON
/// text; nested or dotted keys) and flags. Any event kind may be passed; only "auth" ones
/// yield a value.
std::optional<AuthEvent> readAuthEvent(std::int64_t id, TimeUs time, std::string_view kind, std::uint32_t flags,
                                       std::optional<std::int64_t> account, std::optional<std::string> ip,
                                       std::optional<std::string_view> attributes);

struct AuthCriteria {
    TimeUs maxLifetime = 24LL * 3600 * 1'000'000;   ///< a longer-lived token is a finding
    TimeUs failureWindow = 3600LL * 1'000'000;      ///< signature failures this long before a success count
    double maxSpeedKmh = 1000;                      ///< faster than an airliner between logins is impossible travel
    double minTravelKm = 500;                       ///< below this, geolocation error explains the distance
};

/// One thing wrong with one authentication event.
struct AuthFinding {
    std::string kind;      ///< alg_none, expired_accepted, overlong_lifetime, role_escalation, failure_then_success, impossible_travel
    std::string detail;    ///< what exactly, with the numbers
    std::optional<std::string> tokenSha256;   ///< hex SHA-256 of the token; the token itself is never kept
};

/// What is wrong with the token an accepted login presented: alg "none" or missing, expired
/// yet accepted, a lifetime over the maximum, a role claim other than the one issued.
std::vector<AuthFinding> tokenFindings(const AuthEvent &event, const AuthCriteria &criteria);

/// What the account's earlier auth events say about a successful login: signature failures
/// within the window before it, and a previous success too far away to have travelled
/// from. `earlier` holds the account's auth events before `event`, newest first.
std::vector<AuthFinding> sequenceFindings(const AuthEvent &event, const std::vector<AuthEvent> &earlier,
                                          const AuthCriteria &criteria);

} // namespace cordon::core::forensics
