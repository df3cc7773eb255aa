#include "core/forensics/event_evidence.h"

#include "core/detect/text_scanners.h"
#include "core/domain/event_flags.h"

namespace cordon::core::forensics {

EventEvidence examineEvent(std::optional<std::string_view> prompt, std::optional<std::string_view> output,
                           std::uint32_t flags, double suffixThreshold)
{
    EventEvidence e;
    if (prompt && !prompt->empty()) {
        e.suffix = boundarySuffix(*prompt, suffixThreshold);
        e.jailbreakAttempt = e.suffix.has_value() || scan::roleAdoption(*prompt, output.value_or(""));
    }
    e.jailbreakAttempt = e.jailbreakAttempt || (flags & JailbreakDetected) != 0;
    e.policyViolation = (flags & PolicyViolation) != 0;
    e.injection = (flags & PromptInjection) != 0;
    e.flaggedOutput = (flags & (PiiDetected | SecretDetected | SystemPromptLeak)) != 0;
    if (output && !output->empty()) {
        // Scanners only when no source flag said so already: they are the costly part.
        if (!e.flaggedOutput)
            e.flaggedOutput = scan::findPii(*output).total() > 0 || scan::findSecrets(*output).total() > 0;
        e.successfulJailbreak = e.jailbreakAttempt && (flags & GuardrailBlocked) == 0 && !scan::looksLikeRefusal(*output);
    }
    return e;
}

} // namespace cordon::core::forensics
