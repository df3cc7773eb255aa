#include "core/response/roster.h"

#include "core/audit/audit_log.h"
#include "core/audit/row_encoder.h"
#include "core/util/text.h"

#include <array>

namespace cordon::core::response {
namespace {

constexpr std::array<std::string_view, 5> kIds = {"incident_commander", "security_analyst", "model_engineer",
                                                  "application_developer", "legal_compliance"};
constexpr std::array<std::string_view, 5> kTitles = {"Incident commander", "Security analyst", "Model engineer",
                                                     "Application developer", "Legal/compliance"};

std::vector<Person> readPeople(Statement &st)
{
    std::vector<Person> out;
    while (st.step()) {
        out.push_back({st.int64(0), st.text(1), roleFromString(st.text(2)).value_or(Role::SecurityAnalyst),
                       st.optText(3).value_or(""), st.int64(4) != 0});
    }
    return out;
}

constexpr const char *kColumns = "SELECT id, name, role, contact, on_call FROM people";

} // namespace

Status requireName(const std::string &actor, std::string_view doing)
{
    if (isBlank(actor))
        return Error{ErrorCode::Invalid, std::string(doing) + " needs the name of the person doing it"};
    return {};
}

std::string_view toString(Role r)
{
    return kIds[static_cast<std::size_t>(r)];
}

std::string_view roleTitle(Role r)
{
    return kTitles[static_cast<std::size_t>(r)];
}

std::optional<Role> roleFromString(std::string_view s)
{
    for (std::size_t i = 0; i < kIds.size(); ++i) {
        if (kIds[i] == s || kTitles[i] == s)
            return static_cast<Role>(i);
    }
    return std::nullopt;
}

const std::vector<Role> &allRoles()
{
    static const std::vector<Role> all = {Role::IncidentCommander, Role::SecurityAnalyst, Role::ModelEngineer,
                                          Role::ApplicationDeveloper, Role::LegalCompliance};
    return all;
}

Expected<std::int64_t> addPerson(Database &db, const Clock &clock, const std::string &actor, const Person &p)
{
    if (isBlank(p.name))
        return Error{ErrorCode::Invalid, "a person on the roster needs a name"};
    WriteTransaction txn(db);
    if (holdsRole(db, p.name, p.role))
        return Error{ErrorCode::Invalid, p.name + " is already on the roster as " + std::string(roleTitle(p.role))};
    const TimeUs now = clock.now();
    Statement ins = db.prepare("INSERT INTO people (name, role, contact, on_call, added_at) VALUES (?, ?, ?, ?, ?)");
    ins.bindText(1, p.name).bindText(2, toString(p.role)).bindText(3, nonEmpty(p.contact)).bind(4, std::int64_t(p.onCall));
    ins.bind(5, now);
    ins.run();
    const std::int64_t id = db.lastInsertRowId();
    AuditLog::record(db, now, {actor, "person.add", "person", id, {{"name", p.name}, {"role", toString(p.role)}}});
    txn.commit();
    return id;
}

Status updatePerson(Database &db, const Clock &clock, const std::string &actor, const Person &p)
{
    if (isBlank(p.name))
        return Error{ErrorCode::Invalid, "a person on the roster needs a name"};
    WriteTransaction txn(db);
    Statement up = db.prepare("UPDATE people SET name = ?, role = ?, contact = ?, on_call = ? WHERE id = ?");
    up.bindText(1, p.name).bindText(2, toString(p.role)).bindText(3, nonEmpty(p.contact)).bind(4, std::int64_t(p.onCall));
    up.bind(5, p.id);
    try {
        up.run();
    } catch (const SqlError &) {
        return Error{ErrorCode::Invalid, p.name + " is already on the roster as " + std::string(roleTitle(p.role))};
    }
    if (db.changes() == 0)
        return Error{ErrorCode::Invalid, "there is no person " + std::to_string(p.id) + " on the roster"};
    AuditLog::record(db, clock.now(), {actor, "person.change", "person", p.id,
                                       {{"name", p.name}, {"role", toString(p.role)}, {"on_call", p.onCall}}});
    txn.commit();
    return {};
}

Status removePerson(Database &db, const Clock &clock, const std::string &actor, std::int64_t id)
{
    WriteTransaction txn(db);
    Statement del = db.prepare("DELETE FROM people WHERE id = ? RETURNING name");
    del.bind(1, id);
    if (!del.step())
        return Error{ErrorCode::Invalid, "there is no person " + std::to_string(id) + " on the roster"};
    const std::string name = del.text(0);
    del.reset();
    AuditLog::append(db, clock.now(), {actor, "person.remove", "person", id, {{"name", name}}}, kDeletedState);
    txn.commit();
    return {};
}

std::vector<Person> listPeople(Database &db)
{
    Statement st = db.prepare(std::string(kColumns) + " ORDER BY role, on_call DESC, name");
    return readPeople(st);
}

bool holdsRole(Database &db, const std::string &name, Role role)
{
    Statement st = db.prepare("SELECT 1 FROM people WHERE name = ? AND role = ?");
    st.bindText(1, name).bindText(2, toString(role));
    return st.step();
}

std::vector<Person> peopleInRole(Database &db, Role role)
{
    Statement st = db.prepare(std::string(kColumns) + " WHERE role = ? ORDER BY on_call DESC, name");
    st.bindText(1, toString(role));
    return readPeople(st);
}

} // namespace cordon::core::response
