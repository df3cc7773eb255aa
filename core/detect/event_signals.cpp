#include "core/detect/event_signals.h"

#include "core/detect/jwt_check.h"
#include "core/detect/protected_text.h"
#include "core/detect/suffix_scanner.h"
#include "core/detect/text_scanners.h"
#include "core/domain/event_flags.h"

#include <nlohmann/json.hpp>

namespace cordon::core {
namespace {

using json = nlohmann::json;

SignalSet fromFlags(std::uint32_t flags)
{
    SignalSet s = 0;
    const std::pair<EventFlag, Signal> map[] = {
        {PolicyViolation, Signal::PolicyViolation}, {JailbreakDetected, Signal::JailbreakDetected},
        {PromptInjection, Signal::PromptInjection}, {PiiDetected, Signal::PiiFlagged},
        {SecretDetected, Signal::SecretFlagged},    {SystemPromptLeak, Signal::SystemPromptLeakFlagged},
        {GuardrailBlocked, Signal::GuardrailBlocked}, {AuthFailure, Signal::AuthFailure},
        {ToolMisuse, Signal::ToolMisuse},           {RateLimited, Signal::RateLimited}};
    for (const auto &[flag, signal] : map) {
        if (flags & flag)
            s |= bit(signal);
    }
    return s;
}

bool contains(std::string_view s, std::string_view what)
{
    return s.find(what) != std::string_view::npos;
}

SignalSet fromAttributes(const ScannedEvent &e, std::string_view text, const ScannerSettings &settings,
                         std::string &systemInstructions)
{
    // Most events need nothing from their attributes; parse only when a key we read is there.
    const bool jwt = contains(text, "\"jwt\"");
    const bool tool = contains(text, "gen_ai.tool.name");
    const bool maxTokens = contains(text, "max_tokens");
    const bool system = contains(text, "gen_ai.system_instructions");
    if (!jwt && !tool && !maxTokens && !system)
        return 0;
    const json a = json::parse(text, nullptr, false);
    if (!a.is_object())
        return 0;
    SignalSet s = 0;
    // Attributes come from outside: a field of an unexpected type means no signal from it,
    // never a failed detection pass.
    auto str = [&a](const char *key) {
        auto it = a.find(key);
        return it != a.end() && it->is_string() ? std::optional(it->get<std::string>()) : std::nullopt;
    };
    if (auto token = jwt ? str("jwt") : std::nullopt) {
        if (auto decoded = decodeJwt(*token)) {
            const bool accepted = str("auth.result") == "success";
            const JwtFindings f = checkAcceptedJwt(*decoded, e.time, accepted, str("auth.issued_role"), settings.maxTokenLifetime);
            s |= f.algNone ? bit(Signal::JwtAlgNone) : 0;
            s |= f.expiredAccepted ? bit(Signal::JwtExpiredAccepted) : 0;
            s |= f.roleEscalated ? bit(Signal::JwtRoleEscalated) : 0;
            s |= f.overlongLifetime ? bit(Signal::JwtOverlongLifetime) : 0;
        }
    }
    if (auto name = tool ? str("gen_ai.tool.name") : std::nullopt) {
        for (const auto &prefix : settings.privilegedToolPrefixes) {
            if (name->starts_with(prefix))
                s |= bit(Signal::PrivilegedTool);
        }
    }
    if (auto m = maxTokens ? a.find("gen_ai.request.max_tokens") : a.end(); m != a.end()) {
        if (m->is_number_integer() && m->get<std::int64_t>() >= settings.maxTokensRequest)
            s |= bit(Signal::MaxTokensRequest);
    }
    if (auto instructions = system ? str("gen_ai.system_instructions") : std::nullopt)
        systemInstructions = std::move(*instructions);
    return s;
}

} // namespace

SignalSet computeSignals(const ScannedEvent &e, const ScannerSettings &settings, const ProtectedText *protectedText)
{
    SignalSet s = fromFlags(e.flags);
    std::string systemInstructions;
    if (e.attributes)
        s |= fromAttributes(e, *e.attributes, settings, systemInstructions);
    if (e.prompt && !e.prompt->empty()) {
        if (scan::adversarialSuffix(*e.prompt).score >= settings.suffixThreshold)
            s |= bit(Signal::AdversarialSuffix);
        if (scan::findSecrets(*e.prompt).total())
            s |= bit(Signal::SecretInPrompt);
    }
    if (e.output && !e.output->empty()) {
        if (scan::findPii(*e.output).total())
            s |= bit(Signal::PiiInOutput);
        if (scan::findSecrets(*e.output).total())
            s |= bit(Signal::SecretInOutput);
        if (scan::disclosesSystemPrompt(*e.output, systemInstructions))
            s |= bit(Signal::SystemPromptDisclosure);
        s |= scan::looksLikeRefusal(*e.output) ? bit(Signal::Refusal) : bit(Signal::Complied);
        if (protectedText && protectedText->matches(*e.output) > 0)
            s |= bit(Signal::VerbatimProtectedText);
    }
    if ((e.prompt || e.output) && scan::roleAdoption(e.prompt.value_or(""), e.output.value_or("")))
        s |= bit(Signal::RoleAdoption);
    return s;
}

} // namespace cordon::core
