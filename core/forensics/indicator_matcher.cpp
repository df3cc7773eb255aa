#include "core/forensics/indicator_matcher.h"

#include "core/audit/audit_log.h"
#include "core/detect/text_scanners.h"

#include <algorithm>
#include <charconv>
#include <climits>

namespace cordon::core::forensics {
namespace {

/// Indicator types matched against an entity of the event, by entity kind.
std::string_view entityKind(std::string_view type)
{
    if (type == "ip")
        return "ip";
    if (type == "account")
        return "account";
    if (type == "user_agent")
        return "user_agent";
    return {};
}

/// Indicator types looked for inside prompts and outputs.
bool isTextType(std::string_view type)
{
    return type == "pattern" || type == "text" || type == "suffix_signature" || type == "prompt_pattern"
        || type == "domain" || type == "url";
}

/// Text patterns shorter than this match ordinary words and say nothing.
constexpr std::size_t kMinTextLength = 4;

} // namespace

std::optional<std::uint32_t> parseIpv4(std::string_view text)
{
    std::uint32_t value = 0;
    const char *p = text.data(), *end = text.data() + text.size();
    for (int part = 0; part < 4; ++part) {
        unsigned octet = 0;
        auto [next, ec] = std::from_chars(p, end, octet);
        if (ec != std::errc() || next == p || octet > 255)
            return std::nullopt;
        value = (value << 8) | octet;
        p = next;
        if (part < 3) {
            if (p == end || *p != '.')
                return std::nullopt;
            ++p;
        }
    }
    return p == end ? std::optional(value) : std::nullopt;
}

void IndicatorMatcher::load(Database &db, std::int64_t afterId, std::int64_t uptoId)
{
    *this = IndicatorMatcher();
    Statement rows = db.prepare(
        "SELECT id, type, value FROM indicators WHERE id > ? AND id <= ? AND type <> 'protected_text'");
    rows.bind(1, afterId).bind(2, uptoId);
    Statement entity = db.prepare("SELECT id FROM entities WHERE kind = ? AND value = ?");
    while (rows.step()) {
        const std::int64_t id = rows.int64(0);
        const std::string type = rows.text(1), value = rows.text(2);
        const auto slash = value.find('/');
        if ((type == "ip" || type == "network") && slash != std::string::npos) {
            const auto base = parseIpv4(std::string_view(value).substr(0, slash));
            int bits = -1;
            std::from_chars(value.data() + slash + 1, value.data() + value.size(), bits);
            if (base && bits >= 0 && bits <= 32) {
                const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t(0) << (32 - bits);
                m_networks.push_back({*base & mask, mask, id});
            }
        } else if (const auto kind = entityKind(type); !kind.empty()) {
            // An entity no event has used yet cannot match; entities are only ever added by
            // batches, and a later run loads again.
            entity.bindText(1, kind).bindText(2, value);
            if (entity.step())
                m_byEntity[entity.int64(0)].push_back(id);
            entity.reset();
        } else if (isTextType(type) && value.size() >= kMinTextLength) {
            m_texts.push_back({scan::lower(value), id});
        }
    }
}

void IndicatorMatcher::matchNetworks(const std::string &address, std::vector<std::int64_t> &hits) const
{
    const auto ip = parseIpv4(address);
    if (!ip)
        return;
    for (const Network &n : m_networks) {
        if ((*ip & n.mask) == n.base)
            hits.push_back(n.indicator);
    }
}

void IndicatorMatcher::matchTexts(const MatchedEvent &event, std::vector<std::int64_t> &hits) const
{
    std::string text;
    for (const auto &part : {event.prompt, event.output}) {
        if (part) {
            text += scan::lower(*part);
            text += '\n';   // a pattern must not match across the seam
        }
    }
    if (text.empty())
        return;
    for (const Text &t : m_texts) {
        if (text.find(t.lowered) != std::string::npos)
            hits.push_back(t.indicator);
    }
}

std::int64_t recordSightings(Database &db, const std::vector<Sighting> &sightings, std::int64_t analysisId, TimeUs now,
                             const std::string &actor)
{
    struct Tally {
        std::int64_t count = 0;
        TimeUs first = INT64_MAX, last = INT64_MIN;
    };
    std::map<std::int64_t, Tally> tallies;
    Statement insert = db.prepare(
        "INSERT OR IGNORE INTO indicator_sightings (indicator_id, event_id, analysis_id) VALUES (?, ?, ?)");
    std::int64_t added = 0;
    for (const Sighting &s : sightings) {
        insert.bind(1, s.indicator).bind(2, s.event).bind(3, analysisId);
        insert.run();
        if (db.changes() == 0)
            continue;
        ++added;
        Tally &t = tallies[s.indicator];
        ++t.count;
        t.first = std::min(t.first, s.time);
        t.last = std::max(t.last, s.time);
    }
    Statement update = db.prepare(
        "UPDATE indicators SET sightings = sightings + ?2, first_seen = MIN(COALESCE(first_seen, ?3), ?3),"
        " last_seen = MAX(COALESCE(last_seen, ?4), ?4) WHERE id = ?1");
    for (const auto &[indicator, t] : tallies) {
        update.bind(1, indicator).bind(2, t.count).bind(3, t.first).bind(4, t.last);
        update.run();
        AuditLog::record(db, now, {actor, "indicator.sighted", "indicator", indicator,
                                   {{"events", t.count}, {"analysis", analysisId}}});
    }
    return added;
}

void resetSightings(Database &db, TimeUs now, const std::string &actor)
{
    std::vector<std::int64_t> ids;
    Statement sighted = db.prepare("SELECT id FROM indicators WHERE sightings <> 0 OR first_seen IS NOT NULL ORDER BY id");
    while (sighted.step())
        ids.push_back(sighted.int64(0));
    Statement reset = db.prepare("UPDATE indicators SET sightings = 0, first_seen = NULL, last_seen = NULL WHERE id = ?");
    for (std::int64_t id : ids) {
        reset.bind(1, id);
        reset.run();
        AuditLog::record(db, now, {actor, "indicator.sightings_reset", "indicator", id, {{"reason", "rebuild"}}});
    }
}

} // namespace cordon::core::forensics
