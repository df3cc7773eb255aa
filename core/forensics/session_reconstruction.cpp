#include "core/forensics/session_reconstruction.h"

#include "core/detect/event_signals.h"
#include "core/detect/protected_text.h"
#include "core/util/time_format.h"

#include <algorithm>
#include <set>

namespace cordon::core::forensics {
namespace {

bool any(SignalSet s, std::initializer_list<Signal> of)
{
    for (Signal x : of) {
        if (s & bit(x))
            return true;
    }
    return false;
}

/// The first signal of `of` present, for the reason text.
std::string first(SignalSet s, std::initializer_list<Signal> of)
{
    for (Signal x : of) {
        if (s & bit(x))
            return std::string(signalName(x));
    }
    return {};
}

/// The start of a prompt on one line, cut at a character boundary.
std::string excerpt(std::string_view text, std::size_t max = 160)
{
    std::string out;
    for (char c : text.substr(0, max))
        out += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80)
        out.pop_back();   // a cut multi-byte character
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xC0)
        out.pop_back();
    return text.size() > max ? out + "…" : out;
}

} // namespace

std::string_view toString(AttackPhase p)
{
    switch (p) {
    case AttackPhase::None: return "none";
    case AttackPhase::Reconnaissance: return "reconnaissance";
    case AttackPhase::InitialAccess: return "initial_access";
    case AttackPhase::Execution: return "execution";
    case AttackPhase::Exfiltration: return "exfiltration";
    }
    return "none";
}

PhaseJudgement judgePhase(SignalSet s, bool afterSuccess)
{
    // Latest phase first: an event showing data leaving is exfiltration whatever else it is.
    static const auto kLeaks = {Signal::PiiInOutput, Signal::SecretInOutput, Signal::SystemPromptDisclosure,
                                Signal::VerbatimProtectedText, Signal::PiiFlagged, Signal::SecretFlagged,
                                Signal::SystemPromptLeakFlagged};
    if (any(s, kLeaks))
        return {AttackPhase::Exfiltration, "the output carried data that must not leave (" + first(s, kLeaks) + ")"};
    if (s & bit(Signal::PrivilegedTool))
        return {AttackPhase::Exfiltration, "a privileged tool was called (privileged_tool)"};
    const bool attempt = any(s, {Signal::AdversarialSuffix, Signal::JailbreakDetected, Signal::RoleAdoption,
                                 Signal::PromptInjection});
    if (attempt && (s & bit(Signal::Complied)) && !(s & bit(Signal::GuardrailBlocked)))
        return {AttackPhase::Execution, "a jailbreak attempt the model complied with"};
    if (s & bit(Signal::JwtRoleEscalated))
        return {AttackPhase::Execution, "a token claiming a role the issuer never granted was accepted (jwt_role_escalated)"};
    if (any(s, {Signal::ToolMisuse, Signal::MaxTokensRequest}))
        return {AttackPhase::Execution, "the system was used against itself (" + first(s, {Signal::ToolMisuse, Signal::MaxTokensRequest}) + ")"};
    static const auto kForged = {Signal::JwtAlgNone, Signal::JwtExpiredAccepted, Signal::JwtOverlongLifetime};
    if (any(s, kForged))
        return {AttackPhase::InitialAccess, "a token that should have been refused was accepted (" + first(s, kForged) + ")"};
    static const auto kAttempts = {Signal::AdversarialSuffix, Signal::JailbreakDetected, Signal::RoleAdoption,
                                   Signal::PromptInjection};
    if (attempt)
        return {AttackPhase::InitialAccess, "an attempt to get past the model's safeguards (" + first(s, kAttempts) + ")"};
    if (afterSuccess)
        return {AttackPhase::Exfiltration, "a follow-up in a session where a jailbreak had succeeded"};
    static const auto kProbes = {Signal::AuthFailure, Signal::GuardrailBlocked, Signal::RateLimited, Signal::Refusal};
    if (any(s, kProbes))
        return {AttackPhase::Reconnaissance, "probing what the system allows (" + first(s, kProbes) + ")"};
    return {AttackPhase::None, "no attack signal"};
}

nlohmann::json ReconstructedSession::toJson() const
{
    nlohmann::json out = {{"from", formatRfc3339(from)}, {"to", formatRfc3339(to)}, {"truncated", truncated}};
    if (attackStart && attackEnd) {
        out["attack_start"] = formatRfc3339(*attackStart);
        out["attack_end"] = formatRfc3339(*attackEnd);
        out["attack_duration_seconds"] = (*attackEnd - *attackStart) / 1'000'000;
    } else {
        out["attack_start"] = out["attack_end"] = out["attack_duration_seconds"] = nullptr;
    }
    nlohmann::json phases = nlohmann::json::object();
    out["steps"] = nlohmann::json::array();
    for (const SessionStep &s : steps) {
        phases[std::string(toString(s.phase))] = phases.value(std::string(toString(s.phase)), 0) + 1;
        nlohmann::json signalList = nlohmann::json::array();
        for (auto name : s.signalNames)
            signalList.push_back(std::string(name));
        out["steps"].push_back({{"event", s.event},       {"time", formatRfc3339(s.time)},
                                {"kind", s.kind},         {"account", s.account},
                                {"session", s.session},   {"ip", s.ip},
                                {"phase", toString(s.phase)}, {"reason", s.reason},
                                {"signals", signalList},  {"excerpt", s.excerpt}});
    }
    out["phases"] = phases;
    return out;
}

Expected<ReconstructedSession> reconstructSession(Database &db, const SessionQuery &query)
{
    const bool bySession = query.session.has_value();
    const std::string name = bySession ? *query.session : query.account.value_or("");
    if (name.empty())
        return Error{ErrorCode::Invalid, "name an account or a session"};
    Statement entity = db.prepare("SELECT id FROM entities WHERE kind = ? AND value = ?");
    entity.bindText(1, bySession ? "session" : "account").bindText(2, name);
    if (!entity.step())
        return Error{ErrorCode::Invalid, std::string(bySession ? "no session " : "no account ") + "'" + name + "' in this case"};
    const std::int64_t id = entity.int64(0);
    const std::string column = bySession ? "session_id" : "account_id";

    ReconstructedSession out;
    if (query.around) {
        out.from = *query.around - query.window;
        out.to = *query.around + query.window;
    } else {
        // Centre on the attack: the first and last events forensics clustered as attacks, or
        // the whole span when none were.
        for (const char *scope : {" AND id IN (SELECT event_id FROM cluster_members)", ""}) {
            Statement span = db.prepare("SELECT MIN(event_time), MAX(event_time) FROM events WHERE " + column + " = ?"
                                        + scope);
            span.bind(1, id);
            if (span.step() && !span.isNull(0)) {
                out.from = span.int64(0) - query.window;
                out.to = span.int64(1) + query.window;
                break;
            }
        }
    }

    Statement rows = db.prepare(
        "SELECT e.id, e.event_time, e.kind, e.flags, e.prompt, e.output, e.attributes, a.value, s.value, i.value"
        " FROM events e LEFT JOIN entities a ON a.id = e.account_id LEFT JOIN entities s ON s.id = e.session_id"
        " LEFT JOIN entities i ON i.id = e.source_ip_id WHERE e." + column + " = ?1 AND e.event_time BETWEEN ?2 AND ?3"
        " ORDER BY e.event_time, e.id LIMIT ?4");
    rows.bind(1, id).bind(2, out.from).bind(3, out.to).bind(4, query.maxSteps + 1);
    const ProtectedText protectedText = ProtectedText::load(db);
    const ScannerSettings scanners;
    std::set<std::string> succeededSessions;
    while (rows.step()) {
        if (static_cast<int>(out.steps.size()) == query.maxSteps) {
            out.truncated = true;
            break;
        }
        const auto text = [&rows](int col) {
            return rows.isNull(col) ? std::nullopt : std::optional<std::string_view>(rows.textView(col));
        };
        ScannedEvent scanned;
        scanned.time = rows.int64(1);
        scanned.kind = rows.textView(2);
        scanned.flags = static_cast<std::uint32_t>(rows.int64(3));
        scanned.prompt = text(4);
        scanned.output = text(5);
        scanned.attributes = text(6);
        const SignalSet signals = computeSignals(scanned, scanners, &protectedText);
        SessionStep step;
        step.event = rows.int64(0);
        step.time = scanned.time;
        step.kind = rows.text(2);
        step.account = rows.isNull(7) ? "" : rows.text(7);
        step.session = rows.isNull(8) ? "" : rows.text(8);
        step.ip = rows.isNull(9) ? "" : rows.text(9);
        const bool afterSuccess = !step.session.empty() && succeededSessions.contains(step.session);
        PhaseJudgement judged = judgePhase(signals, afterSuccess);
        if (judged.phase == AttackPhase::Execution && !step.session.empty())
            succeededSessions.insert(step.session);
        step.phase = judged.phase;
        step.reason = std::move(judged.reason);
        step.excerpt = scanned.prompt ? excerpt(*scanned.prompt) : "";
        step.signalNames = signalNames(signals);
        if (step.phase != AttackPhase::None) {
            out.attackStart = out.attackStart ? std::min(*out.attackStart, step.time) : step.time;
            out.attackEnd = out.attackEnd ? std::max(*out.attackEnd, step.time) : step.time;
        }
        out.steps.push_back(std::move(step));
    }
    return out;
}

} // namespace cordon::core::forensics
