#pragma once

#include "core/sim/rng.h"
#include "core/sim/scenario.h"
#include "core/sim/sim_event.h"

#include <deque>
#include <string>
#include <vector>

namespace cordon::core::sim {

/// Normal gateway traffic: many accounts with a heavy-tailed activity mix, sessions that
/// break after 30 idle minutes, a diurnal rate (quiet at night UTC, busy in the afternoon),
/// and the little noise real filters produce (occasional false-positive flags).
/// Events come out in time order, one minute of traffic at a time, so memory stays flat.
class BenignTraffic {
public:
    BenignTraffic(Rng &rng, const SimulationConfig &config, std::int64_t count);
    bool next(SimEvent &out);

    /// A JWT as the gateway logs it (header.claims.signature, base64url).
    static std::string makeJwt(Rng &rng, const std::string &alg, const std::string &subject, const std::string &role,
                               TimeUs issuedAt, TimeUs expiresAt);

private:
    struct Account {
        std::string name;
        std::vector<std::string> ips;
        std::string userAgent;
        std::size_t model = 0;
        TimeUs lastSeen = 0;
        int sessionIndex = 0;
    };

    void fillMinute();
    SimEvent makeEvent(TimeUs t);

    Rng &m_rng;
    const SimulationConfig &m_config;
    std::vector<std::int64_t> m_perMinute;
    std::size_t m_minute = 0;
    std::deque<TimeUs> m_pending;
    std::vector<Account> m_accounts;
    std::vector<double> m_zipf;
};

} // namespace cordon::core::sim
