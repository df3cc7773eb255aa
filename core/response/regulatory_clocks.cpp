#include "core/response/regulatory_clocks.h"

#include "core/audit/audit_log.h"
#include "core/query/case_reader.h"
#include "core/response/roster.h"
#include "core/store/setting_list.h"
#include "core/util/text.h"
#include "core/util/time_format.h"

#include <algorithm>

namespace cordon::core::response {
namespace {

constexpr const char *kDefinitionsKey = "regulatory_clocks";
constexpr TimeUs kHour = 3'600'000'000;

/// The earliest fact that starts a clock: when it became known, and what it was.
struct Fact {
    TimeUs at = 0;
    std::string basis;
};

void keepEarliest(std::optional<Fact> &best, Fact candidate)
{
    if (!best || candidate.at < best->at)
        best = std::move(candidate);
}

std::optional<Fact> alertFact(Database &db, const std::vector<std::string> &rules)
{
    std::optional<Fact> best;
    Statement st = db.prepare("SELECT id, title, created_at FROM alerts WHERE rule_id = ? AND status != 'dismissed'"
                              " ORDER BY created_at LIMIT 1");
    for (const auto &rule : rules) {
        st.bindText(1, rule);
        if (st.step()) {
            keepEarliest(best, {st.int64(2), "alert #" + std::to_string(st.int64(0)) + " '" + st.text(1) +
                                                 "' raised at " + formatMinuteUtc(st.int64(2))});
        }
        st.reset();
    }
    return best;
}

std::optional<Fact> earliestFact(Database &db, const CaseInfo &info, const ClockDefinition &def)
{
    std::optional<Fact> best = alertFact(db, def.alertRules);
    const auto declared = info.milestones[static_cast<std::size_t>(Milestone::Declared)];
    if (declared && std::find(def.incidentTypes.begin(), def.incidentTypes.end(), info.incidentType) != def.incidentTypes.end())
        keepEarliest(best, {*declared, "the case is a " + info.incidentType + " incident, declared at " + formatMinuteUtc(*declared)});
    if (def.milestone) {
        if (const auto at = info.milestones[static_cast<std::size_t>(*def.milestone)])
            keepEarliest(best, {*at, "the case was " + std::string(toString(*def.milestone)) + " at " + formatMinuteUtc(*at)});
    }
    return best;
}

std::vector<std::string> strings(const nlohmann::json &j, const char *key)
{
    std::vector<std::string> out;
    if (auto it = j.find(key); it != j.end()) {
        for (const auto &v : *it)
            out.push_back(v.get<std::string>());
    }
    return out;
}

bool started(Database &db, const std::string &regime)
{
    Statement st = db.prepare("SELECT 1 FROM regulatory_clocks WHERE regime = ?");
    st.bindText(1, regime);
    return st.step();
}

void insertClock(Database &db, TimeUs now, const ClockDefinition &def, TimeUs start, const std::string &basis,
                 const std::string &actor)
{
    Statement ins = db.prepare("INSERT INTO regulatory_clocks (regime, name, started_at, deadline_at, basis, started_by)"
                               " VALUES (?, ?, ?, ?, ?, ?)");
    ins.bindText(1, def.id).bindText(2, def.name).bind(3, start).bind(4, start + def.hours * kHour);
    ins.bindText(5, basis).bindText(6, actor);
    ins.run();
    AuditLog::record(db, now, {actor, "regulatory_clock.start", "regulatory_clock", db.lastInsertRowId(),
                               {{"regime", def.id}, {"basis", basis}}});
}

Expected<ClockDefinition> definition(Database &db, const std::string &regime)
{
    auto all = clockDefinitions(db);
    if (!all)
        return all.error();
    const auto it = std::find_if(all->begin(), all->end(), [&](const auto &d) { return d.id == regime; });
    if (it == all->end())
        return Error{ErrorCode::Invalid, "the case defines no regulatory clock " + regime};
    return *it;
}

} // namespace

nlohmann::json ClockDefinition::toJson() const
{
    nlohmann::json j = {{"id", id}, {"name", name}, {"hours", hours}, {"alert_rules", alertRules},
                        {"incident_types", incidentTypes}, {"note", note}};
    if (milestone)
        j["milestone"] = toString(*milestone);
    return j;
}

Expected<ClockDefinition> ClockDefinition::fromJson(const nlohmann::json &j)
{
    if (!j.is_object())
        return Error{ErrorCode::Invalid, "a regulatory clock must be a JSON object"};
    ClockDefinition d;
    try {
        d.id = j.value("id", std::string());
        d.name = j.value("name", d.id);
        d.hours = j.value("hours", 0);
        d.alertRules = strings(j, "alert_rules");
        d.incidentTypes = strings(j, "incident_types");
        d.note = j.value("note", std::string());
        if (auto m = j.find("milestone"); m != j.end()) {
            d.milestone = milestoneFromString(m->get<std::string>());
            if (!d.milestone)
                return Error{ErrorCode::Invalid, "regulatory clock " + d.id + ": unknown milestone " + m->get<std::string>()};
        }
    } catch (const nlohmann::json::exception &e) {
        return Error{ErrorCode::Invalid, std::string("a regulatory clock is malformed: ") + e.what()};
    }
    if (isBlank(d.id))
        return Error{ErrorCode::Invalid, "a regulatory clock needs an id"};
    if (d.hours <= 0)
        return Error{ErrorCode::Invalid, "regulatory clock " + d.id + " needs a positive number of hours"};
    if (d.alertRules.empty() && d.incidentTypes.empty() && !d.milestone)
        return Error{ErrorCode::Invalid, "regulatory clock " + d.id +
                                             " names no fact that starts it (alert_rules, incident_types or milestone)"};
    return d;
}

const std::vector<ClockDefinition> &defaultClockDefinitions()
{
    static const std::vector<ClockDefinition> all = {
        {"gdpr_art33", "GDPR Art. 33 breach notification", 72, {"pii_in_output"},
         {"pii_leakage", "training_data_memorisation"}, std::nullopt,
         "Notify the supervisory authority without undue delay and within 72 hours of awareness of a personal-data "
         "breach, unless it is unlikely to result in a risk to people's rights and freedoms (Art. 33(1)); document "
         "the breach either way (Art. 33(5))."},
    };
    return all;
}

Expected<std::vector<ClockDefinition>> clockDefinitions(Database &db)
{
    auto stored = readSettingList<ClockDefinition>(db, kDefinitionsKey, "regulatory clocks");
    if (!stored)
        return stored.error();
    return stored->value_or(defaultClockDefinitions());
}

Status storeClockDefinitions(Database &db, const Clock &clock, const std::string &actor,
                             const std::vector<ClockDefinition> &definitions)
{
    if (auto s = requireName(actor, "changing regulatory clocks"); !s)
        return s;
    return writeSettingList(db, clock.now(), actor, kDefinitionsKey, definitions, [](const auto &d) { return d.id; },
                            "regulatory clocks");
}

std::vector<RegulatoryClock> listClocks(Database &db)
{
    std::vector<RegulatoryClock> out;
    Statement st = db.prepare("SELECT id, regime, name, basis, started_by, started_at, deadline_at, closed_at, closed_by,"
                              " outcome, note FROM regulatory_clocks ORDER BY closed_at IS NOT NULL, deadline_at");
    while (st.step()) {
        RegulatoryClock c;
        c.id = st.int64(0);
        c.regime = st.text(1);
        c.name = st.text(2);
        c.basis = st.text(3);
        c.startedBy = st.text(4);
        c.startedAt = st.int64(5);
        c.deadlineAt = st.int64(6);
        c.closedAt = st.optInt64(7);
        c.closedBy = st.optText(8).value_or("");
        c.outcome = st.optText(9).value_or("");
        c.note = st.optText(10).value_or("");
        out.push_back(std::move(c));
    }
    return out;
}

Expected<std::vector<RegulatoryClock>> startDueClocks(Database &db, const Clock &clock)
{
    auto definitions = clockDefinitions(db);
    if (!definitions)
        return definitions.error();
    auto info = readCaseInfo(db);
    if (!info)
        return info.error();
    std::vector<std::string> startedNow;
    WriteTransaction txn(db);
    for (const auto &def : *definitions) {
        if (started(db, def.id))
            continue;
        if (auto fact = earliestFact(db, *info, def)) {
            insertClock(db, clock.now(), def, fact->at, fact->basis, "cordon");
            startedNow.push_back(def.id);
        }
    }
    txn.commit();
    std::vector<RegulatoryClock> out;
    for (auto &c : listClocks(db)) {
        if (std::find(startedNow.begin(), startedNow.end(), c.regime) != startedNow.end())
            out.push_back(std::move(c));
    }
    return out;
}

Status startClock(Database &db, const Clock &clock, const std::string &actor, const std::string &regime,
                  const std::string &basis, std::optional<TimeUs> awareAt)
{
    if (auto s = requireName(actor, "starting a regulatory clock"); !s)
        return s;
    if (isBlank(basis))
        return Error{ErrorCode::Invalid, "say what started the clock: the fact the team became aware of"};
    auto def = definition(db, regime);
    if (!def)
        return def.error();
    const TimeUs now = clock.now();
    if (awareAt && *awareAt > now)
        return Error{ErrorCode::Invalid, "awareness cannot be in the future"};
    WriteTransaction txn(db);
    if (started(db, regime))
        return Error{ErrorCode::Invalid, def->name + " has already started; a legal deadline does not restart"};
    insertClock(db, now, *def, awareAt.value_or(now), basis, actor);
    txn.commit();
    return {};
}

Status closeClock(Database &db, const Clock &clock, const std::string &actor, const std::string &regime,
                  const std::string &outcome, const std::string &note)
{
    if (auto s = requireName(actor, "closing a regulatory clock"); !s)
        return s;
    if (outcome != "notified" && outcome != "not_required")
        return Error{ErrorCode::Invalid, "a clock closes as notified or not_required, not " + outcome};
    if (isBlank(note))
        return Error{ErrorCode::Invalid, "closing a regulatory clock needs a note for the record (reference, assessment)"};
    const TimeUs now = clock.now();
    WriteTransaction txn(db);
    Statement up = db.prepare("UPDATE regulatory_clocks SET closed_at = ?, closed_by = ?, outcome = ?, note = ?"
                              " WHERE regime = ? AND closed_at IS NULL RETURNING id");
    up.bind(1, now).bindText(2, actor).bindText(3, outcome).bindText(4, note).bindText(5, regime);
    if (!up.step())
        return Error{ErrorCode::Invalid, "no regulatory clock " + regime + " is running"};
    const std::int64_t id = up.int64(0);
    up.reset();
    AuditLog::record(db, now, {actor, "regulatory_clock.close", "regulatory_clock", id, {{"outcome", outcome}, {"note", note}}});
    txn.commit();
    return {};
}

} // namespace cordon::core::response
