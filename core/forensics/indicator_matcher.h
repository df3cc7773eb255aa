#pragma once

#include "core/store/sqlite.h"
#include "core/util/clock.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cordon::core::forensics {

/// Where indicators forensics derives say they came from, in exports.
inline constexpr std::string_view kDerivedSource = "cordon:analysis";

/// The parts of an event indicators are matched on.
struct MatchedEvent {
    std::int64_t id = 0;
    TimeUs time = 0;
    std::optional<std::int64_t> account, address, userAgent;   ///< entity ids
    std::optional<std::string_view> prompt, output;
};

/// Matches indicators a case imported (STIX, MISP) or a person added against events:
/// IPs, IPv4 networks, accounts and user agents by the event's entities, and text
/// (patterns, suffix signatures, domains, URLs) inside prompts and outputs, ignoring case.
/// Protected text (detection's business) is left out; derived indicators live elsewhere.
class IndicatorMatcher {
public:
    /// Loads the matchable indicators with ids in (afterId, uptoId].
    void load(Database &db, std::int64_t afterId, std::int64_t uptoId);
    bool empty() const { return m_byEntity.empty() && m_networks.empty() && m_texts.empty(); }

    /// The indicators `event` matches, appended to `hits`. `addressText` resolves an
    /// address entity to its text (for network indicators).
    template <typename AddressText>
    void match(const MatchedEvent &event, AddressText &&addressText, std::vector<std::int64_t> &hits) const
    {
        for (const auto &entity : {event.account, event.address, event.userAgent}) {
            if (!entity)
                continue;
            if (auto it = m_byEntity.find(*entity); it != m_byEntity.end())
                hits.insert(hits.end(), it->second.begin(), it->second.end());
        }
        if (!m_networks.empty() && event.address)
            matchNetworks(addressText(*event.address), hits);
        if (!m_texts.empty())
            matchTexts(event, hits);
    }

private:
    struct Network {
        std::uint32_t base = 0, mask = 0;
        std::int64_t indicator = 0;
    };
    struct Text {
        std::string lowered;
        std::int64_t indicator = 0;
    };
    void matchNetworks(const std::string &address, std::vector<std::int64_t> &hits) const;
    void matchTexts(const MatchedEvent &event, std::vector<std::int64_t> &hits) const;

    std::unordered_map<std::int64_t, std::vector<std::int64_t>> m_byEntity;   ///< entity id → indicators
    std::vector<Network> m_networks;
    std::vector<Text> m_texts;
};

/// An IPv4 address in dotted-quad form as a number.
std::optional<std::uint32_t> parseIpv4(std::string_view text);

/// Stores what a run matched: one sighting row per (indicator, event), and each sighted
/// indicator's count and first/last seen, audited. Returns how many sightings were new.
struct Sighting {
    std::int64_t indicator = 0, event = 0;
    TimeUs time = 0;
};
std::int64_t recordSightings(Database &db, const std::vector<Sighting> &sightings, std::int64_t analysisId, TimeUs now,
                             const std::string &actor);

/// Sets every indicator's sightings back to none, audited (a rebuild recounts them).
void resetSightings(Database &db, TimeUs now, const std::string &actor);

} // namespace cordon::core::forensics
