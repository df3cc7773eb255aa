#pragma once

#include "core/detect/signals.h"
#include "core/store/sqlite.h"
#include "core/util/clock.h"
#include "core/util/expected.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cordon::core::forensics {

/// Attack-chain phases a step can belong to, in the order an attack moves through them.
enum class AttackPhase { None, Reconnaissance, InitialAccess, Execution, Exfiltration };
std::string_view toString(AttackPhase p);

/// The phase of one event from its signals, with the reason in words. `afterSuccess` says a
/// jailbreak already succeeded earlier in the same session: a plain follow-up then is the
/// attacker collecting what the model gave up.
struct PhaseJudgement {
    AttackPhase phase = AttackPhase::None;
    std::string reason;
};
PhaseJudgement judgePhase(SignalSet found, bool afterSuccess);

/// What to reconstruct: an account's or a session's events within `window` either side of
/// `around`, or of its attack (first to last attack-looking event) when no time is given.
struct SessionQuery {
    std::optional<std::string> account, session;
    std::optional<TimeUs> around;
    TimeUs window = 3600LL * 1'000'000;
    int maxSteps = 5000;
};

struct SessionStep {
    std::int64_t event = 0;
    TimeUs time = 0;
    std::string kind, account, session, ip;
    AttackPhase phase = AttackPhase::None;
    std::string reason;
    std::string excerpt;              ///< the prompt's start, for reading the story
    std::vector<std::string_view> signalNames;
};

struct ReconstructedSession {
    std::vector<SessionStep> steps;
    TimeUs from = 0, to = 0;          ///< the time range read
    std::optional<TimeUs> attackStart, attackEnd;   ///< first and last step with a phase
    bool truncated = false;           ///< more events than maxSteps in the range
    nlohmann::json toJson() const;
};

/// Reads the events and judges each step. An unknown account or session is an error that
/// names it.
Expected<ReconstructedSession> reconstructSession(Database &db, const SessionQuery &query);

} // namespace cordon::core::forensics
