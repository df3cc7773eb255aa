#pragma once

#include "core/detect/signals.h"
#include "core/forensics/suffix_extraction.h"

#include <optional>
#include <string_view>

namespace cordon::core::forensics {

/// What forensics reads from one event: detection's signals (core/detect/event_signals,
/// so both judge an event the same way) plus the suffix text itself.
struct EventEvidence {
    std::optional<Suffix> suffix;     ///< the adversarial tail (boundary rule)
    bool jailbreakAttempt = false;    ///< a suffix, a jailbreak flag, or an unrestricted-persona request
    bool successfulJailbreak = false; ///< an attempt the model complied with, not blocked
    bool policyViolation = false;
    bool flaggedOutput = false;       ///< personal data, secrets, the system prompt or protected text in the output
    bool injection = false;           ///< flagged as prompt injection
    /// An event worth clustering and counting towards campaigns: adversarial content. A
    /// policy violation alone is not; guardrails flag ordinary prompts too, and a dozen
    /// users tripping the same filter on the same template are not a campaign.
    bool attack() const { return jailbreakAttempt || injection; }
};

/// Judges one event from the signals `found` in it; the suffix is extracted only when they say
/// there is one, with the same threshold that set the signal.
EventEvidence examineEvent(SignalSet found, std::optional<std::string_view> prompt, double suffixThreshold);

} // namespace cordon::core::forensics
