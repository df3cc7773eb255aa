#include "core/forensics/adversarial_examples.h"

#include "core/audit/audit_log.h"
#include "core/detect/event_signals.h"
#include "core/domain/case_info.h"
#include "core/forensics/minhash.h"
#include "core/util/time_format.h"

#include <algorithm>

namespace cordon::core::forensics {
namespace {

constexpr const char *kColumns =
    "id, created_at, input, attack_type, target, prediction, ground_truth, perturbation, discovery, severity, event_id,"
    " transfers";

AdversarialExample fromRow(Statement &st)
{
    AdversarialExample e;
    e.id = st.int64(0);
    e.createdAt = st.int64(1);
    e.input = st.text(2);
    e.attackType = st.text(3);
    e.target = st.text(4);
    e.prediction = st.optText(5);
    e.groundTruth = st.optText(6);
    e.perturbation = st.optText(7);
    e.discovery = st.optText(8);
    e.severity = st.text(9);
    e.event = st.optInt64(10);
    e.transfers = nlohmann::json::parse(st.textView(11), nullptr, false);
    if (!e.transfers.is_object())
        e.transfers = nlohmann::json::object();
    return e;
}

std::vector<AdversarialExample> query(Database &db, const std::string &where, std::optional<std::int64_t> id)
{
    Statement st = db.prepare(std::string("SELECT ") + kColumns + " FROM adversarial_examples" + where + " ORDER BY id");
    if (id)
        st.bind(1, *id);
    std::vector<AdversarialExample> out;
    while (st.step())
        out.push_back(fromRow(st));
    return out;
}

const MinHasher &hasher()
{
    static const MinHasher h(128, {Shingling::Unit::Characters, 5});
    return h;
}

} // namespace

nlohmann::json AdversarialExample::toJson() const
{
    const auto opt = [](const std::optional<std::string> &s) { return s ? nlohmann::json(*s) : nlohmann::json(); };
    const Transfer t = transferOf(*this);
    return {{"id", id},
            {"created_at", formatRfc3339(createdAt)},
            {"input", input},
            {"attack_type", attackType},
            {"target", target},
            {"prediction", opt(prediction)},
            {"ground_truth", opt(groundTruth)},
            {"perturbation", opt(perturbation)},
            {"discovery", opt(discovery)},
            {"severity", severity},
            {"event", event ? nlohmann::json(*event) : nlohmann::json()},
            {"transfers", transfers},
            {"tried", t.tried},
            {"fooled", t.fooled}};
}

Expected<std::int64_t> recordExample(Database &db, const Clock &clock, const std::string &actor,
                                     AdversarialExample e)
{
    if (e.input.empty())
        return Error{ErrorCode::Invalid, "an adversarial example needs its input"};
    if (e.attackType.empty())
        return Error{ErrorCode::Invalid, "an adversarial example needs an attack type"};
    if (e.target.empty())
        return Error{ErrorCode::Invalid, "an adversarial example needs the model or system it targets"};
    if (!severityFromString(e.severity))
        return Error{ErrorCode::Invalid, "severity must be Critical, High, Medium or Low, not '" + e.severity + "'"};
    WriteTransaction txn(db);
    const TimeUs now = clock.now();
    Statement st = db.prepare(
        "INSERT INTO adversarial_examples (created_at, input, attack_type, target, prediction, ground_truth, perturbation,"
        " discovery, severity, event_id, transfers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.bind(1, now).bindText(2, e.input).bindText(3, e.attackType).bindText(4, e.target).bindText(5, e.prediction);
    st.bindText(6, e.groundTruth).bindText(7, e.perturbation).bindText(8, e.discovery).bindText(9, e.severity);
    st.bind(10, e.event).bindText(11, e.transfers.dump());
    st.run();
    const std::int64_t id = db.lastInsertRowId();
    AuditLog::record(db, now, {actor, "adversarial_example.record", "adversarial_example", id,
                               {{"attack_type", e.attackType}, {"target", e.target}}});
    txn.commit();
    return id;
}

Expected<AdversarialExample> exampleFromEvent(Database &db, std::int64_t eventId)
{
    Statement st = db.prepare(
        "SELECT e.event_time, e.kind, e.flags, e.prompt, e.output, e.attributes, e.model_version, m.value FROM events e"
        " LEFT JOIN entities m ON m.id = e.model_id WHERE e.id = ?");
    st.bind(1, eventId);
    if (!st.step())
        return Error{ErrorCode::Invalid, "no event " + std::to_string(eventId) + " in this case"};
    if (st.isNull(3))
        return Error{ErrorCode::Invalid, "event " + std::to_string(eventId) + " has no prompt to keep as an example"};
    ScannedEvent scanned;
    scanned.time = st.int64(0);
    scanned.kind = st.textView(1);
    scanned.flags = static_cast<std::uint32_t>(st.int64(2));
    scanned.prompt = st.textView(3);
    if (!st.isNull(4))
        scanned.output = st.textView(4);
    if (!st.isNull(5))
        scanned.attributes = st.textView(5);
    const SignalSet found = computeSignals(scanned, ScannerSettings{});
    AdversarialExample e;
    e.input = st.text(3);
    e.prediction = st.optText(4);
    e.target = !st.isNull(6) ? st.text(6) : !st.isNull(7) ? st.text(7) : "unknown";
    e.event = eventId;
    e.discovery = "incident";
    if (found & bit(Signal::AdversarialSuffix)) {
        e.attackType = "adversarial_suffix";
        e.perturbation = "suffix";
    } else if (found & bit(Signal::PromptInjection)) {
        e.attackType = "prompt_injection";
    } else if (found & (bit(Signal::RoleAdoption) | bit(Signal::JailbreakDetected))) {
        e.attackType = "jailbreak";
        if (found & bit(Signal::RoleAdoption))
            e.perturbation = "role_play";
    } else {
        e.attackType = "unknown";
    }
    // The model complied with an attack: that is the severe case.
    e.severity = (found & bit(Signal::Complied)) && e.attackType != "unknown" ? "High" : "Medium";
    return e;
}

std::vector<AdversarialExample> listExamples(Database &db)
{
    return query(db, "", std::nullopt);
}

std::optional<AdversarialExample> readExample(Database &db, std::int64_t id)
{
    auto rows = query(db, " WHERE id = ?1", id);
    if (rows.empty())
        return std::nullopt;
    return std::move(rows.front());
}

std::vector<std::pair<AdversarialExample, double>> similarExamples(Database &db, std::string_view input, int k)
{
    const Signature probe = hasher().signature(input);
    std::vector<std::pair<AdversarialExample, double>> scored;
    for (AdversarialExample &e : listExamples(db)) {
        const double s = MinHasher::similarity(probe, hasher().signature(e.input));
        scored.emplace_back(std::move(e), s);
    }
    std::stable_sort(scored.begin(), scored.end(), [](const auto &a, const auto &b) { return a.second > b.second; });
    if (static_cast<int>(scored.size()) > k)
        scored.resize(static_cast<std::size_t>(std::max(k, 0)));
    return scored;
}

Status recordTrial(Database &db, const Clock &clock, const std::string &actor, std::int64_t id,
                   const std::string &modelVersion, bool fooled)
{
    if (modelVersion.empty())
        return Error{ErrorCode::Invalid, "name the model version the example was tried against"};
    WriteTransaction txn(db);
    auto example = readExample(db, id);
    if (!example)
        return Error{ErrorCode::Invalid, "no adversarial example " + std::to_string(id) + " in this case"};
    const TimeUs now = clock.now();
    example->transfers[modelVersion] = {{"fooled", fooled}, {"at", formatRfc3339(now)}};
    Statement st = db.prepare("UPDATE adversarial_examples SET transfers = ? WHERE id = ?");
    st.bindText(1, example->transfers.dump()).bind(2, id);
    st.run();
    AuditLog::record(db, now, {actor, "adversarial_example.trial", "adversarial_example", id,
                               {{"model_version", modelVersion}, {"fooled", fooled}}});
    txn.commit();
    return {};
}

Transfer transferOf(const AdversarialExample &example)
{
    Transfer t;
    for (auto it = example.transfers.begin(); it != example.transfers.end(); ++it) {
        if (it.key() == example.target)
            continue;   // the model it was found against says nothing about transfer
        ++t.tried;
        t.fooled += it->is_object() && it->value("fooled", false) ? 1 : 0;
    }
    return t;
}

std::string trainingJsonl(Database &db, std::int64_t *skipped)
{
    std::string out;
    std::int64_t without = 0;
    for (const AdversarialExample &e : listExamples(db)) {
        if (!e.groundTruth) {
            ++without;
            continue;
        }
        out += nlohmann::json{{"input", e.input}, {"label", *e.groundTruth}, {"attack_type", e.attackType}}.dump(
                   -1, ' ', false, nlohmann::json::error_handler_t::replace);
        out += '\n';
    }
    if (skipped)
        *skipped = without;
    return out;
}

} // namespace cordon::core::forensics
