#include "core/forensics/indicator_export.h"

#include "core/domain/stix_observables.h"
#include "core/forensics/indicator_matcher.h"
#include "core/util/uuid.h"

#include <algorithm>
#include <ctime>

namespace cordon::core::forensics {
namespace {

/// Namespace for Cordon's name-based STIX ids (a fixed random UUID).
constexpr std::string_view kStixNamespace = "6f3c2a52-8d1e-4b7a-9c55-2e0b7d41a9c3";

struct Row {
    std::int64_t id = 0;
    std::string type, value, source;
    std::optional<std::int64_t> confidence, validFrom, validUntil, firstSeen, lastSeen;
    std::int64_t sightings = 0, createdAt = 0;
    std::optional<std::string> externalId, name, pattern;
};

std::vector<Row> readRows(Database &db)
{
    std::vector<Row> out;
    // Imported indicators, then derived ones numbered after them so the CSV's ids are unique.
    // A derived indicator exists since its evidence does: its first sighting is its creation.
    Statement st = db.prepare(
        "SELECT id, type, value, source, confidence, valid_from, valid_until, first_seen, last_seen, sightings,"
        " created_at, external_id, name, pattern FROM indicators WHERE type <> 'protected_text'"
        " UNION ALL SELECT (SELECT COALESCE(MAX(id), 0) FROM indicators) + row_number() OVER (ORDER BY type, value), type,"
        " value, ?, confidence, NULL, NULL,"
        " first_seen, last_seen, sightings, first_seen, NULL, name, NULL FROM derived_indicators ORDER BY 1");
    st.bindText(1, std::string(kDerivedSource));
    while (st.step()) {
        out.push_back({st.int64(0), st.text(1), st.text(2), st.text(3), st.optInt64(4), st.optInt64(5), st.optInt64(6),
                       st.optInt64(7), st.optInt64(8), st.int64(9), st.int64(10), st.optText(11), st.optText(12),
                       st.optText(13)});
    }
    return out;
}

std::string stixId(std::string_view objectType, const std::string &caseUuid, const std::string &name)
{
    return std::string(objectType) + "--" + nameUuid(kStixNamespace, caseUuid + '\n' + name);
}

/// Types describing something of ours that was abused, not the attacker's.
bool isCompromised(std::string_view type)
{
    return type == "model_version" || type == "token_sha256" || type == "api_key_sha256";
}

std::optional<std::string> patternFor(const Row &r)
{
    // An indicator imported from STIX keeps the pattern its producer wrote.
    if (r.pattern && r.externalId && r.externalId->starts_with("indicator--"))
        return r.pattern;
    if (auto c = stix::comparison(r.type, r.value))
        return "[" + *c + "]";
    return std::nullopt;
}

std::string csvCell(std::string_view value)
{
    std::string v(value);
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(v.begin(), '\'');
    if (v.find_first_of(",\"\r\n") == std::string::npos)
        return v;
    std::string out = "\"";
    for (char c : v) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string optTime(const std::optional<std::int64_t> &t)
{
    return t ? stixTimestamp(*t) : std::string();
}

} // namespace

std::string stixTimestamp(TimeUs t)
{
    const std::time_t seconds = static_cast<std::time_t>(t >= 0 ? t / 1'000'000 : (t - 999'999) / 1'000'000);
    const int millis = static_cast<int>(((t % 1'000'000) + 1'000'000) % 1'000'000 / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

nlohmann::json stixBundle(Database &db, TimeUs now)
{
    std::string caseUuid = "unknown", title = "Cordon case";
    TimeUs caseCreated = now;
    {
        Statement info = db.prepare("SELECT uuid, title, created_at FROM case_info WHERE id = 1");
        if (info.step()) {
            caseUuid = info.text(0);
            title = info.text(1);
            caseCreated = info.int64(2);
        }
    }
    const std::string identity = stixId("identity", caseUuid, "case");
    nlohmann::json objects = nlohmann::json::array();
    objects.push_back({{"type", "identity"},
                       {"spec_version", "2.1"},
                       {"id", identity},
                       {"created", stixTimestamp(caseCreated)},
                       {"modified", stixTimestamp(caseCreated)},
                       {"name", "Cordon case: " + title},
                       {"identity_class", "system"}});
    for (const Row &r : readRows(db)) {
        const auto pattern = patternFor(r);
        if (!pattern)
            continue;
        const std::string id = r.externalId && r.externalId->starts_with("indicator--")
            ? *r.externalId
            : stixId("indicator", caseUuid, r.type + '\n' + r.value + '\n' + r.source);
        const TimeUs created = r.createdAt;
        const TimeUs modified = std::max(created, r.lastSeen.value_or(created));
        const TimeUs validFrom = r.validFrom.value_or(r.firstSeen.value_or(created));
        nlohmann::json ind = {{"type", "indicator"},
                              {"spec_version", "2.1"},
                              {"id", id},
                              {"created_by_ref", identity},
                              {"created", stixTimestamp(created)},
                              {"modified", stixTimestamp(modified)},
                              {"name", r.name.value_or(r.type + " " + r.value.substr(0, 60))},
                              {"indicator_types", {isCompromised(r.type) ? "compromised" : "malicious-activity"}},
                              {"pattern", *pattern},
                              {"pattern_type", "stix"},
                              {"pattern_version", "2.1"},
                              {"valid_from", stixTimestamp(validFrom)},
                              {"x_cordon_type", r.type},
                              {"x_cordon_source", r.source}};
        if (r.validUntil && *r.validUntil > validFrom)
            ind["valid_until"] = stixTimestamp(*r.validUntil);
        if (r.confidence)
            ind["confidence"] = std::clamp<std::int64_t>(*r.confidence, 0, 100);
        objects.push_back(std::move(ind));
        if (r.sightings > 0 && r.firstSeen && r.lastSeen) {
            objects.push_back({{"type", "sighting"},
                               {"spec_version", "2.1"},
                               {"id", stixId("sighting", caseUuid, id)},
                               {"created_by_ref", identity},
                               {"created", stixTimestamp(modified)},
                               {"modified", stixTimestamp(modified)},
                               {"sighting_of_ref", id},
                               {"count", std::min<std::int64_t>(r.sightings, 999'999'999)},
                               {"first_seen", stixTimestamp(*r.firstSeen)},
                               {"last_seen", stixTimestamp(std::max(*r.firstSeen, *r.lastSeen))},
                               {"where_sighted_refs", {identity}}});
        }
    }
    return {{"type", "bundle"}, {"id", "bundle--" + randomUuid()}, {"objects", std::move(objects)}};
}

std::string indicatorsCsv(Database &db)
{
    std::string out = "id,type,value,source,name,confidence,sightings,first_seen,last_seen,valid_from,valid_until,stix_pattern\r\n";
    for (const Row &r : readRows(db)) {
        const std::string cells[] = {std::to_string(r.id), r.type, r.value, r.source, r.name.value_or(""),
                                     r.confidence ? std::to_string(*r.confidence) : "", std::to_string(r.sightings),
                                     optTime(r.firstSeen), optTime(r.lastSeen), optTime(r.validFrom),
                                     optTime(r.validUntil), patternFor(r).value_or("")};
        bool first = true;
        for (const std::string &c : cells) {
            if (!first)
                out += ',';
            out += csvCell(c);
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

} // namespace cordon::core::forensics
