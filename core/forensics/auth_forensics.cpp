#include "core/forensics/auth_forensics.h"

#include "core/detect/jwt_check.h"
#include "core/domain/event_flags.h"
#include "core/normalize/json_fields.h"
#include "core/util/sha256.h"

#include <cmath>
#include <numbers>

namespace cordon::core::forensics {
namespace {

using normalize::find;
using normalize::json;

std::optional<double> number(const json *v)
{
    if (v && v->is_number())
        return v->get<double>();
    if (v && v->is_string()) {
        try {
            return std::stod(v->get<std::string>());
        } catch (...) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

/// ECS {lat, lon}, OCSF {lat, long}, or "lat,lon" text; out-of-range values are no location.
std::optional<GeoPoint> geoAt(const json &attributes, std::string_view path)
{
    const json *at = find(attributes, path);
    if (!at)
        return std::nullopt;
    std::optional<double> lat, lon;
    if (at->is_object()) {
        lat = number(find(*at, "lat"));
        lon = number(find(*at, "lon"));
        if (!lon)
            lon = number(find(*at, "long"));
    } else if (at->is_string()) {
        const std::string s = at->get<std::string>();
        const auto comma = s.find(',');
        if (comma != std::string::npos) {
            const json a = s.substr(0, comma), b = s.substr(comma + 1);
            lat = number(&a);
            lon = number(&b);
        }
    }
    if (!lat || !lon || std::abs(*lat) > 90 || std::abs(*lon) > 180)
        return std::nullopt;
    return GeoPoint{*lat, *lon};
}

std::string hours(TimeUs t)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(t) / 3.6e9);
    return buf;
}

} // namespace

double distanceKm(GeoPoint a, GeoPoint b)
{
    constexpr double kEarthRadiusKm = 6371.0;
    constexpr double rad = std::numbers::pi / 180.0;
    const double dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(a.lat * rad) * std::cos(b.lat * rad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::optional<AuthEvent> readAuthEvent(std::int64_t id, TimeUs time, std::string_view kind, std::uint32_t flags,
                                       std::optional<std::int64_t> account, std::optional<std::string> ip,
                                       std::optional<std::string_view> attributes)
{
    if (kind != "auth")
        return std::nullopt;
    AuthEvent e;
    e.id = id;
    e.time = time;
    e.account = account;
    e.ip = std::move(ip);
    json attrs = attributes ? json::parse(*attributes, nullptr, false) : json::object();
    if (!attrs.is_object())
        attrs = json::object();
    const std::string result = normalize::firstText(attrs, {"auth.result", "event.outcome"}).value_or("");
    // A source that says nothing about the outcome flags failures; anything unflagged succeeded.
    e.success = result.empty() ? (flags & AuthFailure) == 0 : result == "success";
    const std::string reason = normalize::firstText(attrs, {"auth.failure_reason", "status_detail"}).value_or("");
    e.signatureFailure = !e.success && (reason.find("signature") != std::string::npos);
    e.token = normalize::firstText(attrs, {"jwt", "auth.token", "http.request.headers.authorization"});
    e.issuedRole = normalize::text(attrs, "auth.issued_role");
    for (std::string_view path : {"source.geo.location", "client.geo.location", "src_endpoint.location"}) {
        if ((e.geo = geoAt(attrs, path)))
            break;
    }
    return e;
}

std::vector<AuthFinding> tokenFindings(const AuthEvent &event, const AuthCriteria &criteria)
{
    std::vector<AuthFinding> out;
    if (!event.token)
        return out;
    const auto decoded = decodeJwt(*event.token);
    if (!decoded)
        return out;
    const JwtFindings f = checkAcceptedJwt(*decoded, event.time, event.success, event.issuedRole, criteria.maxLifetime);
    const std::string hash = toHex(Sha256::of(*event.token));
    for (const JwtProblem &p : f.problems)
        out.push_back({p.kind, p.text, hash});
    return out;
}

std::vector<AuthFinding> sequenceFindings(const AuthEvent &event, const std::vector<AuthEvent> &earlier,
                                          const AuthCriteria &criteria)
{
    std::vector<AuthFinding> out;
    if (!event.success)
        return out;
    int failures = 0;
    TimeUs firstFailure = event.time;
    for (const AuthEvent &e : earlier) {
        if (e.success && e.time < event.time)
            break;   // failures before an earlier success were that success's story
        if (e.signatureFailure && event.time - e.time <= criteria.failureWindow) {
            ++failures;
            firstFailure = std::min(firstFailure, e.time);
        }
    }
    if (failures > 0) {
        out.push_back({"failure_then_success",
                       std::to_string(failures) + " signature failure" + (failures == 1 ? "" : "s") + " in the "
                           + std::to_string((event.time - firstFailure) / 60'000'000)
                           + " min before this success",
                       std::nullopt});
    }
    if (event.geo) {
        for (const AuthEvent &e : earlier) {
            if (!e.success || !e.geo)
                continue;
            const double km = distanceKm(*e.geo, *event.geo);
            const double h = static_cast<double>(std::max<TimeUs>(event.time - e.time, 1)) / 3.6e9;
            if (km >= criteria.minTravelKm && km / h > criteria.maxSpeedKmh) {
                char text[200];
                std::snprintf(text, sizeof text, "%.0f km from the login %s h earlier (%s to %s): %.0f km/h",
                              km, hours(event.time - e.time).c_str(), e.ip.value_or("?").c_str(),
                              event.ip.value_or("?").c_str(), km / h);
                out.push_back({"impossible_travel", text, std::nullopt});
            }
            break;   // only the previous located success matters
        }
    }
    return out;
}

} // namespace cordon::core::forensics
