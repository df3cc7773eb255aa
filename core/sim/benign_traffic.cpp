#include "core/sim/benign_traffic.h"

#include "core/sim/text_corpus.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cordon::core::sim {
namespace {

constexpr TimeUs kMinute = 60'000'000;
constexpr TimeUs kSessionGap = 30 * kMinute;

std::string base64url(const std::string &in)
{
    static constexpr char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8)
            | static_cast<unsigned char>(in[i + 2]);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
        out += table[v & 63];
    }
    if (i + 1 == in.size()) {
        const unsigned v = static_cast<unsigned char>(in[i]) << 16;
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
    } else if (i + 2 == in.size()) {
        const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
        out += table[(v >> 18) & 63];
        out += table[(v >> 12) & 63];
        out += table[(v >> 6) & 63];
    }
    return out;
}

/// Requests per minute relative to the daily peak: a trough near 03:00 UTC, a peak near 15:00.
double diurnal(TimeUs t)
{
    const double hour = static_cast<double>((t / 1'000'000) % 86400) / 3600.0;
    return 0.25 + 0.75 * (0.5 - 0.5 * std::cos(2 * std::numbers::pi * (hour - 3.0) / 24.0));
}

std::string randomPublicIp(Rng &rng)
{
    // Spread over a few broadband-like first octets; only strings, nothing is contacted.
    static const std::vector<int> firsts = {24, 31, 46, 62, 73, 81, 86, 98, 104, 109, 151, 176, 188, 212};
    return std::to_string(rng.pick(firsts)) + "." + std::to_string(rng.range(1, 254)) + "."
        + std::to_string(rng.range(0, 255)) + "." + std::to_string(rng.range(1, 254));
}

} // namespace

std::string BenignTraffic::makeJwt(Rng &rng, const std::string &alg, const std::string &subject, const std::string &role,
                                   TimeUs issuedAt, TimeUs expiresAt)
{
    const nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}};
    const nlohmann::json claims = {{"sub", subject}, {"role", role}, {"iss", "https://auth.acme.example"},
                                   {"iat", issuedAt / 1'000'000}, {"exp", expiresAt / 1'000'000}};
    std::string signature = alg == "none" ? std::string() : base64url(rng.hex(32));
    return base64url(header.dump()) + "." + base64url(claims.dump()) + "." + signature;
}

BenignTraffic::BenignTraffic(Rng &rng, const SimulationConfig &config, std::int64_t count)
    : m_rng(rng), m_config(config)
{
    const std::size_t accounts = static_cast<std::size_t>(std::clamp<std::int64_t>(count / 400, 50, 20'000));
    m_accounts.reserve(accounts);
    for (std::size_t i = 0; i < accounts; ++i) {
        Account a;
        a.name = "u-" + std::to_string(100000 + i * 7 + static_cast<std::size_t>(rng.range(0, 6)));
        a.ips.push_back(randomPublicIp(rng));
        if (rng.chance(0.3))
            a.ips.push_back(randomPublicIp(rng));
        a.userAgent = rng.pick(corpus::userAgents());
        a.model = static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(corpus::models().size()) - 1));
        m_accounts.push_back(std::move(a));
    }
    double acc = 0;
    for (std::size_t i = 0; i < accounts; ++i) {
        acc += 1.0 / std::pow(static_cast<double>(i + 1), 1.1);
        m_zipf.push_back(acc);
    }

    // Exactly `count` events spread over the minutes by the diurnal weight (largest remainder).
    const std::size_t minutes = static_cast<std::size_t>(std::max<TimeUs>(1, config.duration / kMinute));
    std::vector<double> weights(minutes);
    double total = 0;
    for (std::size_t m = 0; m < minutes; ++m)
        total += weights[m] = diurnal(config.start + static_cast<TimeUs>(m) * kMinute);
    m_perMinute.resize(minutes);
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t assigned = 0;
    for (std::size_t m = 0; m < minutes; ++m) {
        const double exact = static_cast<double>(count) * weights[m] / total;
        m_perMinute[m] = static_cast<std::int64_t>(exact);
        assigned += m_perMinute[m];
        remainders.emplace_back(exact - static_cast<double>(m_perMinute[m]), m);
    }
    std::sort(remainders.begin(), remainders.end(), [](auto &a, auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (std::int64_t i = 0; i < count - assigned; ++i)
        ++m_perMinute[remainders[static_cast<std::size_t>(i) % minutes].second];
}

void BenignTraffic::fillMinute()
{
    while (m_pending.empty() && m_minute < m_perMinute.size()) {
        const TimeUs base = m_config.start + static_cast<TimeUs>(m_minute) * kMinute;
        std::vector<TimeUs> times;
        times.reserve(static_cast<std::size_t>(m_perMinute[m_minute]));
        for (std::int64_t i = 0; i < m_perMinute[m_minute]; ++i)
            times.push_back(base + m_rng.range(0, kMinute - 1));
        std::sort(times.begin(), times.end());
        m_pending.assign(times.begin(), times.end());
        ++m_minute;
    }
}

bool BenignTraffic::next(SimEvent &out)
{
    fillMinute();
    if (m_pending.empty())
        return false;
    out = makeEvent(m_pending.front());
    m_pending.pop_front();
    return true;
}

SimEvent BenignTraffic::makeEvent(TimeUs t)
{
    Account &a = m_accounts[m_rng.zipf(m_accounts.size(), m_zipf)];
    if (a.lastSeen == 0 || t - a.lastSeen > kSessionGap)
        ++a.sessionIndex;
    a.lastSeen = t;
    const auto &model = corpus::models()[a.model];

    SimEvent e;
    e.time = t;
    e.account = a.name;
    e.session = a.name + "-s" + std::to_string(a.sessionIndex);
    e.sourceIp = a.ips[static_cast<std::size_t>(m_rng.range(0, static_cast<std::int64_t>(a.ips.size()) - 1))];
    e.userAgent = a.userAgent;
    e.model = model.id;
    e.modelVersion = model.version;
    e.provider = model.provider;

    const double roll = m_rng.uniform();
    if (roll < 0.03) {
        e.kind = "auth";
        e.model.clear();
        e.modelVersion.clear();
        e.provider.clear();
        const bool failed = m_rng.chance(0.04);
        e.attributes["auth.result"] = failed ? "failure" : "success";
        e.attributes["auth.method"] = "bearer";
        if (failed) {
            e.attributes["auth.failure_reason"] = "token_expired";
            e.flags.push_back("auth_failure");
        }
        e.attributes["jwt"] = makeJwt(m_rng, "RS256", a.name, "user", t - m_rng.range(0, 1800) * 1'000'000,
                                      t + 3600LL * 1'000'000);
        return e;
    }
    if (roll < 0.07) {
        static const std::vector<std::string> tools = {"search_docs", "get_order_status", "run_sql_readonly",
                                                       "create_ticket", "get_weather"};
        e.kind = "tool.call";
        e.attributes["gen_ai.tool.name"] = m_rng.pick(tools);
        e.attributes["gen_ai.operation.name"] = "execute_tool";
        e.attributes["tool.status"] = "ok";
        return e;
    }
    if (roll < 0.08) {
        e.kind = "guardrail.verdict";
        e.attributes["guardrail.name"] = "content-filter";
        e.attributes["guardrail.verdict"] = "allow";
        return e;
    }
    e.prompt = corpus::benignPrompt(m_rng);
    e.output = corpus::benignOutput(m_rng, e.prompt);
    e.inputTokens = approxTokens(e.prompt) + m_rng.range(20, 400); // system prompt and history
    e.outputTokens = approxTokens(e.output);
    e.attributes["gen_ai.operation.name"] = "chat";
    e.attributes["http.response.status_code"] = 200;
    // Real filters misfire now and then; detection must not treat this noise as an incident.
    if (m_rng.chance(0.0015))
        e.flags.push_back("policy_violation");
    return e;
}

} // namespace cordon::core::sim
