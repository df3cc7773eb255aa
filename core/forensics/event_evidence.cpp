#include "core/forensics/event_evidence.h"

namespace cordon::core::forensics {

EventEvidence examineEvent(SignalSet found, std::optional<std::string_view> prompt, double suffixThreshold)
{
    const auto any = [found](std::initializer_list<Signal> of) {
        for (Signal s : of) {
            if (found & bit(s))
                return true;
        }
        return false;
    };
    EventEvidence e;
    if (prompt && any({Signal::AdversarialSuffix}))
        e.suffix = boundarySuffix(*prompt, suffixThreshold);
    e.jailbreakAttempt = any({Signal::AdversarialSuffix, Signal::JailbreakDetected, Signal::RoleAdoption});
    e.successfulJailbreak = e.jailbreakAttempt && any({Signal::Complied}) && !any({Signal::GuardrailBlocked});
    e.policyViolation = any({Signal::PolicyViolation});
    e.injection = any({Signal::PromptInjection});
    e.flaggedOutput = any({Signal::PiiFlagged, Signal::SecretFlagged, Signal::SystemPromptLeakFlagged, Signal::PiiInOutput,
                           Signal::SecretInOutput, Signal::SystemPromptDisclosure, Signal::VerbatimProtectedText});
    return e;
}

} // namespace cordon::core::forensics
