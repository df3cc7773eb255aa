#pragma once

#include "core/forensics/suffix_extraction.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace cordon::core::forensics {

/// What forensics reads from one event's text and flags.
struct EventEvidence {
    std::optional<Suffix> suffix;     ///< an adversarial tail (boundary rule)
    bool jailbreakAttempt = false;    ///< a suffix, a jailbreak flag, or an unrestricted-persona request
    bool successfulJailbreak = false; ///< an attempt the model answered instead of refusing
    bool policyViolation = false;
    bool flaggedOutput = false;       ///< personal data, secrets or the system prompt in the output
    bool injection = false;           ///< flagged as prompt injection
    /// An event worth clustering and counting towards campaigns: adversarial content. A
    /// policy violation alone is not; guardrails flag ordinary prompts too, and a dozen
    /// users tripping the same filter on the same template are not a campaign.
    bool attack() const { return jailbreakAttempt || injection; }
};

/// Judges one event. `suffixThreshold` is the boundary score a tail needs.
EventEvidence examineEvent(std::optional<std::string_view> prompt, std::optional<std::string_view> output,
                           std::uint32_t flags, double suffixThreshold = 0.3);

} // namespace cordon::core::forensics
