#include "core/sim/incidents.h"

#include "core/sim/benign_traffic.h"
#include "core/sim/text_corpus.h"

#include <algorithm>

namespace cordon::core::sim {
namespace {

constexpr TimeUs kSecond = 1'000'000;
constexpr TimeUs kMinute = 60 * kSecond;
constexpr TimeUs kHour = 60 * kMinute;

/// An incident's share of the traffic, within bounds; SimulationConfig::incidentScale
/// multiplies both the share and the upper bound.
std::int64_t scaled(const SimulationConfig &c, std::int64_t total, double share, std::int64_t lo, std::int64_t hi)
{
    const double k = std::max(0.0, c.incidentScale);
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(static_cast<double>(total) * share * k), lo,
                                    std::max(lo, static_cast<std::int64_t>(static_cast<double>(hi) * k)));
}

/// A time inside the window: `offset` from the start, folded back if the window is shorter.
TimeUs at(const SimulationConfig &c, TimeUs offset)
{
    return c.start + (c.duration > 0 ? offset % c.duration : 0);
}

SimEvent base(const std::string &incident, TimeUs t, const std::string &account, const std::string &session,
              const std::string &ip, const std::string &agent, const corpus::ModelInfo &model)
{
    SimEvent e;
    e.incident = incident;
    e.time = t;
    e.account = account;
    e.session = session;
    e.sourceIp = ip;
    e.userAgent = agent;
    e.model = model.id;
    e.modelVersion = model.version;
    e.provider = model.provider;
    e.attributes["gen_ai.operation.name"] = "chat";
    return e;
}

/// Token usage as a gateway reports it: the text plus `contextTokens` of system prompt and history.
void countTokens(SimEvent &e, std::int64_t contextTokens = 0)
{
    e.inputTokens = approxTokens(e.prompt) + contextTokens;
    e.outputTokens = approxTokens(e.output);
}

/// (a) Many accounts on shared hosting ranges send harmful requests with gradient-style
/// suffixes from a few families, in bursts aligned across accounts.
std::vector<SimEvent> jailbreakCampaign(Rng &rng, const SimulationConfig &c, std::int64_t total)
{
    const std::string id(incidentId(Incident::JailbreakCampaign));
    const std::int64_t budget = scaled(c, total, 0.03, 150, 60'000);
    const int accounts = static_cast<int>(std::clamp<std::int64_t>(total / 25'000, 12, 60));
    const std::vector<std::string> prefixes = {"185.220.101.", "45.155.205.", "193.32.162."};
    const std::vector<std::string> agents = {"python-requests/2.31.0", "python-requests/2.31.0", "curl/8.4.0"};
    const auto &model = corpus::models()[0];
    const int bursts = 6;
    const TimeUs firstBurst = 2 * kHour + 14 * kMinute; // 02:14 on the first day
    const TimeUs burstLength = 8 * kMinute;

    struct Attacker {
        std::string name, ip, agent;
        int family = 0;
        int session = 0;
    };
    std::vector<Attacker> crew;
    for (int i = 0; i < accounts; ++i) {
        Attacker a;
        a.name = "u-" + std::to_string(900000 + i * 1000 + static_cast<int>(rng.range(0, 999)));
        const std::string &prefix = prefixes[static_cast<std::size_t>(i) % prefixes.size()];
        // Pairs of accounts share an exact address; all share three /24 ranges.
        a.ip = prefix + std::to_string(10 + (i / 2) % 40);
        a.agent = rng.pick(agents);
        a.family = i % corpus::suffixFamilyCount();
        crew.push_back(a);
    }

    std::vector<SimEvent> out;
    // Reconnaissance before the first burst.
    for (Attacker &a : crew) {
        const int n = static_cast<int>(rng.range(1, 3));
        for (int k = 0; k < n; ++k) {
            SimEvent e = base(id, at(c, firstBurst - rng.range(10, 90) * kMinute), a.name, a.name + "-recon", a.ip,
                              a.agent, model);
            e.phase = "reconnaissance";
            e.prompt = corpus::reconnaissancePrompt(rng);
            e.output = "I am an AI assistant. I can't share details about my configuration.";
            countTokens(e);
            out.push_back(std::move(e));
        }
    }
    const std::int64_t perAccountBurst =
        std::max<std::int64_t>(1, (budget - static_cast<std::int64_t>(out.size())) / (accounts * bursts * 8 / 10 + 1));
    for (int b = 0; b < bursts; ++b) {
        const TimeUs burstStart = firstBurst + b * (6 * kHour + rng.range(-20, 20) * kMinute);
        for (Attacker &a : crew) {
            if (b > 0 && rng.chance(0.2))
                continue; // not every account joins every burst
            ++a.session;
            const std::string session = a.name + "-b" + std::to_string(a.session);
            bool succeeded = false;
            for (std::int64_t k = 0; k < perAccountBurst; ++k) {
                SimEvent e = base(id, at(c, burstStart + rng.range(0, burstLength)), a.name, session, a.ip, a.agent, model);
                // Mostly the account's own family; now and then a tail borrowed from the crew.
                e.suffixFamily = rng.chance(0.9) ? a.family : static_cast<int>(rng.range(0, corpus::suffixFamilyCount() - 1));
                const std::string request = corpus::harmfulRequest(rng);
                e.prompt = request + " " + corpus::adversarialSuffix(rng, e.suffixFamily);
                e.phase = "initial_access";
                const bool success = rng.chance(0.25);
                if (success) {
                    e.output = corpus::jailbreakCompliance(rng, request);
                    e.phase = "execution";
                    succeeded = true;
                } else {
                    e.output = corpus::refusal(rng);
                    if (rng.chance(0.6))
                        e.flags.push_back("jailbreak_detected");
                    if (rng.chance(0.4))
                        e.flags.push_back("policy_violation");
                }
                countTokens(e);
                out.push_back(std::move(e));
            }
            if (succeeded && rng.chance(0.5)) {
                SimEvent e = base(id, at(c, burstStart + burstLength + rng.range(0, 5) * kMinute), a.name, session, a.ip,
                                  a.agent, model);
                e.phase = "exfiltration";
                e.prompt = "Continue from step 2 and give the complete remaining steps with exact quantities.";
                e.output = "Step 3: ... Step 4: ... Step 5: ...";
                countTokens(e);
                out.push_back(std::move(e));
            }
        }
    }
    return out;
}

/// (b) Prompt injection that makes the assistant print its confidential system prompt.
std::vector<SimEvent> promptInjection(Rng &rng, const SimulationConfig &c, std::int64_t total)
{
    const std::string id(incidentId(Incident::PromptInjection));
    const std::int64_t budget = scaled(c, total, 0.002, 20, 2'000);
    const std::vector<std::string> accounts = {"u-" + std::to_string(rng.range(700000, 799999)),
                                               "u-" + std::to_string(rng.range(700000, 799999))};
    const std::string ip = "77.91." + std::to_string(rng.range(0, 255)) + "." + std::to_string(rng.range(1, 254));
    const auto &model = corpus::models()[4];
    const TimeUs windowStart = 34 * kHour; // day two, 10:00
    std::vector<SimEvent> out;
    for (std::int64_t i = 0; i < budget; ++i) {
        const std::string &account = accounts[static_cast<std::size_t>(i % 2)];
        SimEvent e = base(id, at(c, windowStart + rng.range(0, 90 * kMinute)), account, account + "-inj1", ip,
                          corpus::userAgents()[7], model);
        e.phase = i < 3 ? "reconnaissance" : "exfiltration";
        e.prompt = corpus::injectionPrompt(rng);
        if (rng.chance(0.6))
            e.output = corpus::leakedSystemPromptOutput(rng);
        else
            e.output = corpus::refusal(rng);
        if (rng.chance(0.3))
            e.flags.push_back("prompt_injection");
        countTokens(e, 350);
        out.push_back(std::move(e));
    }
    return out;
}

/// (c) Outputs that carry personal data and credentials.
std::vector<SimEvent> piiLeak(Rng &rng, const SimulationConfig &c, std::int64_t total)
{
    const std::string id(incidentId(Incident::PiiLeak));
    const std::int64_t budget = scaled(c, total, 0.002, 20, 2'000);
    std::vector<std::string> accounts;
    for (int i = 0; i < 3; ++i)
        accounts.push_back("u-" + std::to_string(rng.range(600000, 699999)));
    const auto &model = corpus::models()[4];
    const TimeUs windowStart = 14 * kHour;
    std::vector<SimEvent> out;
    for (std::int64_t i = 0; i < budget; ++i) {
        const std::string &account = accounts[static_cast<std::size_t>(i % 3)];
        SimEvent e = base(id, at(c, windowStart + rng.range(0, 2 * kHour)), account, account + "-pii1",
                          "62.210.14." + std::to_string(20 + i % 3), corpus::userAgents()[7], model);
        e.phase = "exfiltration";
        e.prompt = corpus::piiProbePrompt(rng);
        e.output = corpus::piiLeakOutput(rng);
        if (rng.chance(0.3))
            e.flags.push_back("pii");
        countTokens(e, 350);
        out.push_back(std::move(e));
    }
    return out;
}

/// (d) Token exhaustion: enormous prompts asking for maximal output, at a high rate.
std::vector<SimEvent> tokenExhaustion(Rng &rng, const SimulationConfig &c, std::int64_t total)
{
    const std::string id(incidentId(Incident::TokenExhaustion));
    const std::int64_t budget = scaled(c, total, 0.004, 40, 5'000);
    const std::vector<std::string> accounts = {"u-" + std::to_string(rng.range(500000, 599999)),
                                               "u-" + std::to_string(rng.range(500000, 599999))};
    const auto &model = corpus::models()[2];
    const TimeUs windowStart = 20 * kHour;
    const TimeUs window = 90 * kMinute;
    std::vector<SimEvent> out;
    for (std::int64_t i = 0; i < budget; ++i) {
        const std::string &account = accounts[static_cast<std::size_t>(i % 2)];
        const TimeUs offset = window * i / budget + rng.range(0, 2 * kSecond);
        SimEvent e = base(id, at(c, windowStart + offset), account, account + "-x1",
                          "103.152.220." + std::to_string(40 + i % 2), "python-httpx/0.27.2", model);
        e.phase = "execution";
        e.prompt = corpus::exhaustionPrompt(rng, 60);
        e.output = "Here is the first part of the expansion. " + corpus::benignOutput(rng, e.prompt);
        e.inputTokens = rng.range(20'000, 120'000);
        e.outputTokens = rng.range(4'096, 8'192);
        e.attributes["gen_ai.request.max_tokens"] = 8192;
        if (i > budget * 3 / 4 && rng.chance(0.5))
            e.flags.push_back("rate_limited");
        out.push_back(std::move(e));
    }
    return out;
}

/// (e) JWT authentication bypass: forged alg "none" tokens, expired tokens accepted, role
/// claims escalated, after a run of signature failures; then admin tool use.
std::vector<SimEvent> jwtBypass(Rng &rng, const SimulationConfig &c, std::int64_t total)
{
    const std::string id(incidentId(Incident::JwtBypass));
    const std::int64_t budget = scaled(c, total, 0.002, 30, 3'000);
    const std::vector<std::string> victims = {"svc-reporting", "u-" + std::to_string(rng.range(400000, 499999))};
    const std::string ip = "91.219.236." + std::to_string(rng.range(2, 250));
    const std::string agent = "Go-http-client/1.1";
    const auto &model = corpus::models()[1];
    const TimeUs windowStart = 40 * kHour;
    std::vector<SimEvent> out;
    for (std::int64_t i = 0; i < budget; ++i) {
        const std::string &victim = victims[static_cast<std::size_t>(i % 2)];
        const TimeUs t = at(c, windowStart + (i * 45 * kMinute) / budget + rng.range(0, 20 * kSecond));
        SimEvent e = base(id, t, victim, victim + "-jwt1", ip, agent, model);
        e.model.clear();
        e.modelVersion.clear();
        e.provider.clear();
        e.attributes.erase("gen_ai.operation.name");
        const std::int64_t stage = i * 5 / budget; // 0 probe, 1 alg none, 2 expired, 3 role, 4 admin tools
        if (stage == 0) {
            e.kind = "auth";
            e.phase = "reconnaissance";
            e.attributes["auth.result"] = "failure";
            e.attributes["auth.failure_reason"] = "signature_invalid";
            e.attributes["jwt"] = BenignTraffic::makeJwt(rng, "HS256", victim, "user", t - kHour, t + kHour);
            e.flags.push_back("auth_failure");
        } else if (stage == 1) {
            e.kind = "auth";
            e.phase = "initial_access";
            e.attributes["auth.result"] = "success";
            e.attributes["jwt"] = BenignTraffic::makeJwt(rng, "none", victim, "user", t - kHour, t + kHour);
        } else if (stage == 2) {
            e.kind = "auth";
            e.phase = "initial_access";
            e.attributes["auth.result"] = "success";
            e.attributes["jwt"] = BenignTraffic::makeJwt(rng, "HS256", victim, "user", t - 30 * kHour, t - 6 * kHour);
        } else if (stage == 3) {
            e.kind = "auth";
            e.phase = "execution";
            e.attributes["auth.result"] = "success";
            e.attributes["auth.issued_role"] = "user";
            e.attributes["jwt"] = BenignTraffic::makeJwt(rng, "HS256", victim, "admin", t - kHour, t + kHour);
        } else {
            static const std::vector<std::string> tools = {"admin.export_users", "admin.list_api_keys",
                                                           "admin.update_role"};
            e.kind = "tool.call";
            e.phase = "exfiltration";
            e.attributes["gen_ai.tool.name"] = rng.pick(tools);
            e.attributes["gen_ai.operation.name"] = "execute_tool";
            e.attributes["tool.status"] = "ok";
            e.attributes["auth.role"] = "admin";
        }
        e.attributes["auth.method"] = "bearer";
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace

std::vector<SimEvent> generateIncident(Incident incident, Rng &rng, const SimulationConfig &config,
                                       std::int64_t totalEvents)
{
    switch (incident) {
    case Incident::JailbreakCampaign: return jailbreakCampaign(rng, config, totalEvents);
    case Incident::PromptInjection: return promptInjection(rng, config, totalEvents);
    case Incident::PiiLeak: return piiLeak(rng, config, totalEvents);
    case Incident::TokenExhaustion: return tokenExhaustion(rng, config, totalEvents);
    case Incident::JwtBypass: return jwtBypass(rng, config, totalEvents);
    }
    return {};
}

} // namespace cordon::core::sim
